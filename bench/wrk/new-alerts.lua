-- Events v2 triggers, each request a new dedup key, spread over 50 groups (one incident per group).
-- wrk -t2 -c50 -d20s -s new-alerts.lua http://127.0.0.1:5080
local key = os.getenv("EVENTS_KEY") or "benchmarkeventsv2key000000000001"
local prefix = os.getenv("RUN") or tostring(os.time())
local counter = 0

threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

function request()
   counter = counter + 1
   local group = counter % 50
   local body = string.format(
      '{"routing_key":"%s","event_action":"trigger","dedup_key":"%s-t%d-%d","payload":{"summary":"Checkout 5xx in cell %d","source":"pod-%d","severity":"error","group":"cell-%d"}}',
      key, prefix, thread_id, counter, group, counter, group)
   return wrk.format("POST", "/v2/enqueue", { ["Content-Type"] = "application/json" }, body)
end
