-- incr_outstanding in pre_save holds the final save: without a matching decr the record is
-- written after outstandingMaxWait (packet time) or at end of input, tagged
-- outstanding-timeout, in its usual place in the output order. Balanced counts write at once.
-- pcapgen: --flows 40 --seed 11 --mix http=50,dns=50
-- config: udpTimeout=2;outstandingMaxWait=1
-- fields: tags
function outstanding_pre_save(session, final)
  if not final then return end
  session:incr_outstanding()
  if session.ipProtocol == "tcp" then
    session:decr_outstanding()
    session:add_tag("balanced")
  else
    session:incr_outstanding()
    session:decr_outstanding()
    session:add_tag("held")
  end
end

ArkimeSession.register_pre_save("outstanding_pre_save")
