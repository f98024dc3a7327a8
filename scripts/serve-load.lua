-- wrk script for scripts/serve-load.sh: each request is the next bench
-- query (file $QUERIES, one per line, '#' comments) as GET /api/search?q=…&limit=10.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do
  if line:match("%S") and not line:match("^%s*#") then
    queries[#queries + 1] = line
  end
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/api/search?limit=10&q=" .. encode(q)
end

local n = 0
function init(args)
  -- Threads start at different queries.
  n = math.random(#paths)
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
