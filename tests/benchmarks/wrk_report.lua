-- wrk script: each request takes the next (cookie, path) pair from BENCH_TARGETS (one pair a line,
-- "cookie<TAB>path"), so the load comes from many signed-in users opening their own pages; at the
-- end, one JSON line with throughput and latency percentiles (milliseconds).
local targets = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local file = io.open(os.getenv("BENCH_TARGETS"), "r")
  for line in file:lines() do
    local cookie, path = line:match("([^\t]+)\t(.+)")
    table.insert(targets, {cookie = cookie, path = path})
  end
  file:close()
  position = id
end

function request()
  position = (position % #targets) + 1
  local target = targets[position]
  return wrk.format("GET", target.path, {["Cookie"] = target.cookie})
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "per_second": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, ' ..
    '"errors": %d, "non_2xx": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
