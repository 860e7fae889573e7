-- A storm: 10,000 distinct alerts of one problem (one group, so one incident), then each thread stops.
-- Run with -t2: each thread sends 5,000.
local key = os.getenv("EVENTS_KEY") or "benchmarkeventsv2key000000000001"
local prefix = os.getenv("RUN") or tostring(os.time())
local per_thread = tonumber(os.getenv("STORM_PER_THREAD") or "5000")
local counter = 0
local answered = 0

threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("thread_id", threads)
end

function request()
   counter = counter + 1
   if counter > per_thread then
      counter = per_thread
   end
   local body = string.format(
      '{"routing_key":"%s","event_action":"trigger","dedup_key":"storm-%s-t%d-%d","payload":{"summary":"Pod crash-looping in checkout","source":"pod-%d-%d","severity":"critical","group":"storm-%s"}}',
      key, prefix, thread_id, counter, thread_id, counter, prefix)
   return wrk.format("POST", "/v2/enqueue", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   answered = answered + 1
   if answered >= per_thread then
      wrk.thread:stop()
   end
end
