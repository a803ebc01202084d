-- wrk script for benchmarks/bench_web.py: rotates over the paths given after "--" (or requests the
-- URL's own path when none are given) and counts every response that is not 2xx as an error.
-- A path written "anon:/portal/" is requested without the Cookie header (a public visitor).
-- done() prints one line "WRKJSON {...}" with the totals for the driver to parse.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  anonymous = {}
  for i = 1, #args do
    local path = args[i]
    if string.sub(path, 1, 5) == "anon:" then
      paths[#paths + 1] = string.sub(path, 6)
      anonymous[#paths] = true
    else
      paths[#paths + 1] = path
    end
  end
  public_headers = {}
  for name, value in pairs(wrk.headers) do
    if string.lower(name) ~= "cookie" then
      public_headers[name] = value
    end
  end
  index = 0
  not2xx = 0
  s3xx = 0
  s4xx = 0
  s5xx = 0
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  index = index % #paths + 1
  if anonymous[index] then
    return wrk.format(nil, paths[index], public_headers)
  end
  return wrk.format(nil, paths[index])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not2xx = not2xx + 1
    if status < 400 then
      s3xx = s3xx + 1
    elseif status < 500 then
      s4xx = s4xx + 1
    else
      s5xx = s5xx + 1
    end
  end
end

function done(summary, latency, requests)
  local bad, r3, r4, r5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not2xx")
    r3 = r3 + thread:get("s3xx")
    r4 = r4 + thread:get("s4xx")
    r5 = r5 + thread:get("s5xx")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "not2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    bad, r3, r4, r5, e.connect, e.read, e.write, e.timeout))
end
