-- wrk script for scripts/soak: cycles through the paths given after `--`, counts
-- responses per (second, status), checks that article pages are never a mix of
-- two imports (soaktitleN, soakbodyN and soakfaqN agree), and prints one JSON
-- line starting with "SOAK " when done.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for i, path in ipairs(args) do
    paths[i] = wrk.format("GET", path)
  end
  position = math.random(#paths)
  counts = {}
  marked, mixed = 0, 0
end

function request()
  position = position % #paths + 1
  return paths[position]
end

function response(status, headers, body)
  local key = os.time() .. ":" .. status
  counts[key] = (counts[key] or 0) + 1
  local mark = body:match("soakbody(%d+)")
  if mark then
    marked = marked + 1
    if body:match("soaktitle(%d+)") ~= mark or body:match("soakfaq(%d+)") ~= mark then
      mixed = mixed + 1
    end
  end
end

function done(summary, latency, requests)
  local total, all_marked, all_mixed = {}, 0, 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + n
    end
    all_marked = all_marked + thread:get("marked")
    all_mixed = all_mixed + thread:get("mixed")
  end
  local pairs_out = {}
  for key, n in pairs(total) do
    table.insert(pairs_out, string.format('"%s": %d', key, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'SOAK {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d, "p50_us": %d, "p99_us": %d, "marked": %d, "mixed": %d, '
      .. '"counts": {%s}}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(99), all_marked, all_mixed,
    table.concat(pairs_out, ", ")))
end
