-- wrk script: one JSON line with the throughput, latency percentiles and errors.
-- With BENCH_UNIQUE_URLS=1, every request adds a parameter seen by no other
-- request (bench-miss=<thread>-<n>), so no page is ever served from the page
-- cache: what a visitor pays on a cache miss, under load.

local threads_started = 0
setup = function(thread)
  threads_started = threads_started + 1
  thread:set("id", threads_started)
end

-- With BENCH_PATHS_FILE, the requests walk the paths of that file, one per
-- line, each thread from its own starting point: the cold mode, where every
-- request is a filter combination nobody asked for before.
local paths_file = os.getenv("BENCH_PATHS_FILE")
if paths_file and paths_file ~= "" then
  local paths = {}
  for line in io.lines(paths_file) do paths[#paths + 1] = line end
  local position = 0
  init = function(args)
    position = math.floor((id - 1) * #paths / 2)
  end
  request = function()
    position = position % #paths + 1
    return wrk.format(nil, paths[position])
  end
elseif os.getenv("BENCH_UNIQUE_URLS") == "1" then
  local counter = 0
  request = function()
    counter = counter + 1
    local separator = wrk.path:find("?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "bench-miss=" .. id .. "-" .. counter)
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, '
      .. '"p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, '
      .. '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
