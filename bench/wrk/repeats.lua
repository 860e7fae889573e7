-- Events v2 triggers that repeat 500 open alerts (dedup keys rep-0 … rep-499): the steady state of monitoring.
local key = os.getenv("EVENTS_KEY") or "benchmarkeventsv2key000000000001"
local counter = 0

function request()
   counter = counter + 1
   local n = counter % 500
   local body = string.format(
      '{"routing_key":"%s","event_action":"trigger","dedup_key":"rep-%d","payload":{"summary":"Disk 90%% full on node %d","source":"node-%d","severity":"warning","group":"disk"}}',
      key, n, n, n)
   return wrk.format("POST", "/v2/enqueue", { ["Content-Type"] = "application/json" }, body)
end
