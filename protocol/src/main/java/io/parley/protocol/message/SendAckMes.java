package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: the sender's acknowledgement, sent only once the message is durably stored. {@code duplicate}
 * is true when the {@code clientMsgId} had been stored before, in which case {@code msgId} is the original's.
 */
public record SendAckMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientMsgId, long msgId, long sentAt, boolean duplicate)
        implements ServerMessage {}
