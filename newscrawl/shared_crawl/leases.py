"""Leases: a request a worker pops stays in Redis, leased to that worker, until the worker acknowledges it.

A pop moves each request from the queue into ``leases`` (lease id -> ``<score>|<JSON-lines offset>|<request>``) and
``lease-deadlines`` (lease id -> deadline), in the script that pops it. The worker acknowledges a request once the
engine is done with it: its response handled and its articles written (the archive writer's commit comes first), or
the request dropped, failed, or replaced by the redirect or retry the same step pushed. Any worker's heartbeat, and
every idle tick, reaps: a lease past ``NEWSCRAWL_LEASE_SECONDS``, or held by a worker whose heartbeat key expired
(``NEWSCRAWL_REDIS_WORKER_TIMEOUT``), goes back into the queue at its priority. A killed worker's requests are thus
crawled again by the others (or by itself, restarted), and the crawl does not end while any is leased.

What a worker killed mid-request may have done already, the re-delivery must not do twice:

- its article reservations not yet followed by their request (a listing killed half-way): each worker's pending
  reservations are kept apart until its push; a dead worker's are released, so the listing read again reserves
  them again;
- its article claimed: claims are held by the article's URL, so the same request, re-delivered, claims it again;
- its article written: the ledger knows it, and the re-delivered copy is saved as ``unchanged``;
- its article's JSON line written and its ledger row not: the requests going back publish the JSON-lines offset
  of the oldest (the file's size when it was popped) in ``lost-writes``; a worker that pops after that has its
  archive writer finish those saves (``ArchiveStore.record_lines_since``) before it writes another article.

Every script takes ``LEASE_KEYS`` of the crawl and, first, the alive prefix, the pending prefix and the worker.
"""

from __future__ import annotations

import logging
import threading

from newscrawl.shared_crawl.keys import CrawlKeys

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 600.0

_PRELUDE = """
local queue, workers, leases, deadlines, lost, scheduled = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local alive_prefix, pending_prefix, worker = ARGV[1], ARGV[2], ARGV[3]

local function now_ms()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end

local function acknowledge(first)
  for index = first, #ARGV do
    redis.call('HDEL', leases, ARGV[index])
    redis.call('ZREM', deadlines, ARGV[index])
  end
end

-- The lease's request back into the queue at its priority; its JSON-lines offset (nil: not leased any more).
local function give_back(id)
  local value = redis.call('HGET', leases, id)
  redis.call('HDEL', leases, id)
  redis.call('ZREM', deadlines, id)
  if not value then return nil end
  local first = string.find(value, '|', 1, true)
  local second = string.find(value, '|', first + 1, true)
  redis.call('ZADD', queue, string.sub(value, 1, first - 1), string.sub(value, second + 1))
  return tonumber(string.sub(value, first + 1, second - 1))
end

local function release_reservations(owner)
  local pending = pending_prefix .. owner
  for _, key in ipairs(redis.call('SMEMBERS', pending)) do redis.call('SREM', scheduled, key) end
  redis.call('DEL', pending)
end

-- Leases past their deadline or held by a worker without heartbeat go back; such a worker's reservations are
-- released and it stops counting. Returns how many requests went back.
local function reap()
  local now = now_ms()
  local alive = {}
  local function is_alive(owner)
    if alive[owner] == nil then alive[owner] = redis.call('EXISTS', alive_prefix .. owner) == 1 end
    return alive[owner]
  end
  local entries = redis.call('ZRANGE', deadlines, 0, -1, 'WITHSCORES')
  local lowest = nil
  local returned = 0
  for index = 1, #entries, 2 do
    local id = entries[index]
    if tonumber(entries[index + 1]) <= now or not is_alive(string.match(id, '^(.*)#%d+$')) then
      local offset = give_back(id)
      returned = returned + 1
      if offset and (lowest == nil or offset < lowest) then lowest = offset end
    end
  end
  if lowest then redis.call('RPUSH', lost, lowest) end
  for _, owner in ipairs(redis.call('HKEYS', workers)) do
    if not is_alive(owner) then
      release_reservations(owner)
      redis.call('HDEL', workers, owner)
    end
  end
  return returned
end
"""

# Acknowledge ARGV[8..], then pop the ARGV[4] best requests (lowest score: highest priority) and lease them until
# now + ARGV[5] ms (JSON-lines offset ARGV[6], lease ids <worker>#ARGV[7], #ARGV[7]+1, ...), marking the worker
# busy. Returns the length of ``lost-writes``, then lease id and request of each popped one.
POP_SCRIPT = _PRELUDE + """
acknowledge(8)
local reply = {redis.call('LLEN', lost)}
local found = redis.call('ZRANGE', queue, 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')
if #found == 0 then return reply end
redis.call('ZREMRANGEBYRANK', queue, 0, #found / 2 - 1)
redis.call('HSET', workers, worker, 'busy')
local deadline = now_ms() + tonumber(ARGV[5])
local sequence = tonumber(ARGV[7])
for index = 1, #found, 2 do
  local id = worker .. '#' .. string.format('%d', sequence)
  sequence = sequence + 1
  redis.call('HSET', leases, id, found[index + 1] .. '|' .. ARGV[6] .. '|' .. found[index])
  redis.call('ZADD', deadlines, deadline, id)
  reply[#reply + 1] = id
  reply[#reply + 1] = found[index]
end
return reply
"""

# Acknowledge ARGV[4..] and reap: {requests gone back, length of lost-writes}.
SETTLE_SCRIPT = _PRELUDE + """
acknowledge(4)
local returned = reap()
return {returned, redis.call('LLEN', lost)}
"""

# Give the leases ARGV[4..] back (a worker closing with requests it did not finish).
GIVE_BACK_SCRIPT = _PRELUDE + """
for index = 4, #ARGV do give_back(ARGV[index]) end
return 1
"""

# Acknowledge ARGV[4..], reap, record the worker idle: {1 when the crawl is over (nothing queued, nothing leased,
# every live worker idle), requests gone back}.
IDLE_SCRIPT = _PRELUDE + """
acknowledge(4)
local returned = reap()
redis.call('HSET', workers, worker, 'idle')
if redis.call('ZCARD', queue) > 0 or redis.call('ZCARD', deadlines) > 0 then return {0, returned} end
local states = redis.call('HGETALL', workers)
for index = 2, #states, 2 do
  if states[index] ~= 'idle' then return {0, returned} end
end
return {1, returned}
"""

# Leave the crawl (ARGV[4]: the crawl's key prefix): the worker's pending reservations are released, dead workers'
# leases go back; the last worker out deletes the crawl's keys when nothing is queued or leased (else the crawl can
# be resumed). {1 when it was the last and deleted them, requests gone back}.
LEAVE_SCRIPT = _PRELUDE + """
release_reservations(worker)
redis.call('HDEL', workers, worker)
redis.call('DEL', alive_prefix .. worker)
local returned = reap()
if redis.call('HLEN', workers) > 0 then return {0, returned} end
if redis.call('ZCARD', queue) > 0 or redis.call('ZCARD', deadlines) > 0 then return {0, returned} end
local cursor = '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[4] .. '*', 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do redis.call('DEL', key) end
until cursor == '0'
return {1, returned}
"""


def report_requests_back(returned: int) -> None:
    """Say in the log when requests leased to a dead worker, or past their lease, went back to the queue (whichever
    script reaped them: a heartbeat's settle, an idle tick, a worker leaving)."""
    if returned:
        logger.info("%d leased requests went back to the shared queue (a worker died, or their lease ran out)",
                    returned)


def lease_keys(keys: CrawlKeys) -> list[str]:
    """The KEYS of every lease script, in the order the scripts name them."""
    return [keys.queue, keys.workers, keys.leases, keys.lease_deadlines, keys.lost_writes, keys.scheduled]


def lease_arguments(keys: CrawlKeys, worker: str) -> list[str]:
    """The first ARGV of every lease script."""
    return [keys.alive_prefix, keys.pending_prefix, worker]


class LostWrites:
    """The JSON-lines offset from which workers that died may have left articles' lines unrecorded, handed from
    the scheduler (the reactor thread, which learns it from Redis) to the archive writer's thread, which records
    those lines before its next batch (``newscrawl.coordination.UnrecordedLines``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset: int | None = None

    def note(self, offset: int) -> None:
        with self._lock:
            self._offset = offset if self._offset is None else min(self._offset, offset)

    def take_offset(self) -> int | None:
        with self._lock:
            offset, self._offset = self._offset, None
            return offset
