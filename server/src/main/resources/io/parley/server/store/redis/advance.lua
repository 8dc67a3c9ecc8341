-- Raises a read position to a seq, or to the log's head when the seq is beyond it; never lowers it.
-- KEYS[1] the log's positions hash (userId -> seq), KEYS[2] the log's head (one slot); ARGV[1] userId, ARGV[2] seq.
-- Clamped here, in the same step as the read of the head, so an append cannot slip in between.
local head = redis.call('GET', KEYS[2]) or '0'
local seq = ARGV[2]
if tonumber(seq) > tonumber(head) then
  seq = head
end
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(seq) > current then
  redis.call('HSET', KEYS[1], ARGV[1], seq)
  return 1
end
return 0
