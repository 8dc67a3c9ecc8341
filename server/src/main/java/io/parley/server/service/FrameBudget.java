package io.parley.server.service;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.ServerMessage;
import java.util.List;

/**
 * Cuts the replies that grow with data — lists of groups, ids and stored messages — so that none is larger than
 * the frame limit a Parley client was told in {@code HelloResMes}: a client drops a connection whose frame is over
 * it. A reply's size is its encoding with an empty list, measured, plus a bound per item ({@link WireSize}), so a
 * page that fits is encoded only once, by the transport.
 */
final class FrameBudget {
    private static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();
    /** An id in a list and the comma before it. */
    private static final int ID = WireSize.MAX_INT + 1;
    /** A group with an empty name and the longest numbers, and its comma; the name's bytes come on top. */
    private static final int GROUP = 1
            + size(new GroupListResMes(null, 0, 0, List.of(new GroupInfo("", Integer.MIN_VALUE, false))))
            - size(new GroupListResMes(null, 0, 0, List.of()));
    /** A message with empty texts and the longest numbers, and its comma; the texts' bytes come on top. */
    private static final int ITEM = 1
            + size(new HistoryResMes(
                    null,
                    LogNames.INBOX,
                    List.of(new ChatItem(
                            Long.MIN_VALUE,
                            Long.MIN_VALUE,
                            Integer.MIN_VALUE,
                            "",
                            Integer.MIN_VALUE,
                            "",
                            "",
                            Long.MIN_VALUE))))
            - size(new HistoryResMes(null, LogNames.INBOX, List.of()));
    /** What replaces the end of a message cut to fit. */
    static final String CUT = "…";

    private final int maxFrameLength;

    FrameBudget(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    int maxFrameLength() {
        return maxFrameLength;
    }

    /**
     * How many ids fit into {@code reply} beside what it already holds, with each id appearing in up to
     * {@code copies} of its lists (a members page and its online subset: 2).
     */
    int ids(ServerMessage reply, int copies) {
        return Math.max(0, (maxFrameLength - size(reply)) / (ID * copies));
    }

    /** The longest head of {@code page} that fits into {@code empty}, the reply without groups. */
    List<GroupInfo> groups(GroupListResMes empty, List<GroupInfo> page) {
        int room = maxFrameLength - size(empty);
        int n = 0;
        while (n < page.size() && (room -= GROUP + WireSize.of(page.get(n).name())) >= 0) {
            n++;
        }
        return page.subList(0, n);
    }

    /**
     * The newest of {@code items} (oldest first, as history is) that fit into {@code empty}, the reply without
     * items, so that a client paging backwards from the oldest one it got misses nothing. When not even the newest
     * fits alone — a server whose content limit is more than a seventh of its frame limit, and a message of
     * control characters — it comes with its content cut, so that paging never stalls on it.
     */
    List<ChatItem> newest(HistoryResMes empty, List<ChatItem> items) {
        int room = maxFrameLength - size(empty);
        int from = items.size();
        while (from > 0 && (room -= bound(items.get(from - 1))) >= 0) {
            from--;
        }
        if (from < items.size() || items.isEmpty()) {
            return items.subList(from, items.size());
        }
        ChatItem last = items.get(items.size() - 1);
        int forContent = maxFrameLength - size(empty) - bound(withContent(last, "")) - WireSize.of(CUT);
        return List.of(withContent(last, cut(last.content(), forContent) + CUT));
    }

    private static int bound(ChatItem m) {
        return ITEM
                + WireSize.of(m.fromUserName())
                + (m.group() == null ? 0 : WireSize.of(m.group()))
                + WireSize.of(m.content());
    }

    /** The longest start of {@code text} whose bound is at most {@code room}, never half a surrogate pair. */
    private static String cut(String text, int room) {
        int end = 0;
        while (end < text.length() && (room -= WireSize.of(text.charAt(end))) >= 0) {
            end++;
        }
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static ChatItem withContent(ChatItem m, String content) {
        return new ChatItem(
                m.msgId(), m.seq(), m.fromUserId(), m.fromUserName(), m.toUserId(), m.group(), content, m.sentAt());
    }

    private static int size(ServerMessage message) {
        return CODEC.encode(message).length;
    }
}
