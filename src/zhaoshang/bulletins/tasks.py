"""Background work: publishing runs as a django.tasks task; progress lives on the PublishJob."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task

from zhaoshang.bulletins.models import PublishJob
from zhaoshang.core.periods import Period

log = logging.getLogger(__name__)


def _messages(exc: ValidationError) -> str:
    return ";".join(str(m) for m in exc.messages)


@task()
def run_publish_job(job_id: int) -> int | None:
    """Publish the job's period; the job ends DONE (with the version) or FAILED (with why)."""
    from zhaoshang.bulletins.actions import publish_bulletin

    job = PublishJob.objects.select_related("district", "requested_by").get(pk=job_id)
    PublishJob.objects.filter(pk=job.pk).update(
        status=PublishJob.Status.RUNNING, progress=5, message="开始生成"
    )
    try:
        published = publish_bulletin(
            actor=job.requested_by,
            district=job.district,
            period=Period(job.year, job.month),
            override_unverified=job.override_unverified,
            job=job,
        )
    except (ValidationError, PermissionDenied) as exc:
        message = _messages(exc) if isinstance(exc, ValidationError) else str(exc)
        PublishJob.objects.filter(pk=job.pk).update(
            status=PublishJob.Status.FAILED, message=message
        )
        return None
    except Exception as exc:
        log.exception("publishing job %s failed", job.pk)
        PublishJob.objects.filter(pk=job.pk).update(
            status=PublishJob.Status.FAILED, message=f"生成文件失败,未发布任何内容:{exc}"
        )
        return None
    PublishJob.objects.filter(pk=job.pk).update(
        status=PublishJob.Status.DONE,
        progress=100,
        message=f"已发布第{published.version}版",
        result=published,
    )
    return published.pk
