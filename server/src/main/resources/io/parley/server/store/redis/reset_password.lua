-- Replaces a user's password hash, whatever it is, and raises its token epoch in one step, unless there is no
-- such user or it was deleted. KEYS[1] the user's JSON, KEYS[2] its token epoch (one slot).
-- ARGV[1] the new hash, ARGV[2] the deleted users' hash, each as a JSON string literal. Returns the new epoch, or
-- false when nothing changed. '"passwordHash":"' cannot occur inside a string of the document (a quote there is
-- escaped), so the first one found is the field; its value ends at the first quote not escaped by a backslash.
local doc = redis.call('GET', KEYS[1])
local field = '"passwordHash":'
if not doc or string.find(doc, field .. ARGV[2], 1, true) then
  return false
end
local from, to = string.find(doc, field .. '"', 1, true)
if not from then
  return redis.error_reply('no passwordHash in ' .. KEYS[1])
end
local i = to + 1
while true do
  local c = string.byte(doc, i)
  if c == nil then
    return redis.error_reply('unterminated passwordHash in ' .. KEYS[1])
  elseif c == 92 then -- backslash: the next byte is escaped
    i = i + 2
  elseif c == 34 then -- the closing quote
    break
  else
    i = i + 1
  end
end
redis.call('SET', KEYS[1], string.sub(doc, 1, from - 1) .. field .. ARGV[1] .. string.sub(doc, i + 1))
return redis.call('INCR', KEYS[2])
