"""Render a bulletin as official document files: PDF (WeasyPrint), DOCX, XLSX, charts."""
