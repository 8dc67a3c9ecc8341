-- Creates a group with its owner as first member, unless the name is taken.
-- KEYS[1] group hash, KEYS[2] members set, KEYS[3] group log head, KEYS[4] group log positions: one Cluster
-- slot, the group log's. The registry of names and the owner's set of groups are indexes, updated after.
-- ARGV[1] group name, ARGV[2] ownerId, ARGV[3] createdAt. Returns 1 when created, 0 when taken.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'createdAt', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[2], redis.call('GET', KEYS[3]) or '0')
return 1
