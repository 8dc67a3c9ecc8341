package io.parley.client.terminal;

import io.parley.client.LoginResult;
import io.parley.client.ParleyException;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.text.VisibleText;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/** The lines of script mode, one per event; the format is described on {@link ScriptRunner}. */
final class ScriptFormat {
    private ScriptFormat() {}

    static String hello(HelloResMes hello) {
        return hello == null
                ? "ok connect legacy"
                : "ok hello version=" + hello.version() + " server=" + name(hello.server());
    }

    static String login(String verb, LoginResult r) {
        StringBuilder line = new StringBuilder("ok ")
                .append(verb)
                .append(' ')
                .append(r.userId())
                .append(" online=")
                .append(ids(r.online()));
        if (r.onlineCount() != null) {
            line.append(" count=").append(r.onlineCount());
        }
        if (r.resumeToken() != null) {
            line.append(" token=").append(name(r.resumeToken()));
        }
        if (r.userName() != null) {
            line.append(" name=").append(name(r.userName()));
        }
        return line.toString();
    }

    /** The reply to a request that revoked the user's other tokens and gave this session a fresh one. */
    static String renewed(String verb, OkMes ok) {
        return "ok " + verb + (ok.resumeToken() == null ? "" : " token=" + name(ok.resumeToken()));
    }

    static String ack(SendAckMes ack) {
        return ack == null ? "ok sent" : "ack " + ack.msgId() + (ack.duplicate() ? " duplicate" : "");
    }

    static String who(OnlineListResMes page) {
        return "ok who total=" + page.total() + " offset=" + page.offset() + " ids=" + ids(page.userIds());
    }

    static String groups(GroupListResMes list) {
        StringBuilder lines =
                new StringBuilder("ok groups count=").append(list.groups().size());
        for (GroupInfo g : list.groups()) {
            lines.append("\ngroupinfo ")
                    .append(name(g.name()))
                    .append(" members=")
                    .append(g.members())
                    .append(" joined=")
                    .append(g.joined());
        }
        return lines.toString();
    }

    static String members(String group, GroupMembersResMes reply) {
        return "ok members " + name(group) + " members=" + ids(reply.members()) + " online=" + ids(reply.online());
    }

    static String history(String log, HistoryResMes reply) {
        StringBuilder lines = new StringBuilder("ok history ")
                .append(log)
                .append(" count=")
                .append(reply.items().size());
        for (ChatItem item : reply.items()) {
            lines.append("\nitem ")
                    .append(log)
                    .append(" seq=")
                    .append(item.seq())
                    .append(" msgId=")
                    .append(item.msgId())
                    .append(" from=")
                    .append(item.fromUserId())
                    .append(" name=")
                    .append(name(item.fromUserName()))
                    .append(" to=")
                    .append(item.toUserId())
                    .append(" sentAt=")
                    .append(item.sentAt())
                    .append(" text=")
                    .append(text(item.content()));
        }
        return lines.toString();
    }

    static String privateMessage(PrivateDelivery m) {
        return "private from=" + m.fromUserId() + " name=" + name(m.fromUserName()) + " msgId=" + m.msgId() + " seq="
                + m.seq() + " text=" + text(m.content());
    }

    static String groupMessage(GroupDelivery m) {
        return "group " + name(m.group()) + " from=" + m.fromUserId() + " name=" + name(m.fromUserName()) + " msgId="
                + m.msgId() + " seq=" + m.seq() + " text=" + text(m.content());
    }

    static String broadcast(SmsMes m) {
        return "all from=" + m.userId() + " name=" + name(m.userName()) + " msgId="
                + (m.msgId() == null ? "-" : m.msgId().toString()) + " text=" + text(m.content());
    }

    static String status(NotifyUserStatusMes m) {
        String state = switch (m.status()) {
            case NotifyUserStatusMes.ONLINE -> "online";
            case NotifyUserStatusMes.OFFLINE -> "offline";
            case NotifyUserStatusMes.BUSY -> "busy";
            default -> "status" + m.status();
        };
        return "status " + m.userId() + " " + state;
    }

    static String error(ErrorMes e) {
        return "error " + e.code() + " " + text(e.error());
    }

    static String error(int code, String error) {
        return "error " + code + " " + text(error);
    }

    /** The line for a request that failed instead of being answered. */
    static String failure(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ParleyException p) {
            return error(p.code(), p.getMessage());
        } else if (e instanceof TimeoutException) {
            return "error timeout " + text(e.getMessage());
        } else if (e instanceof ClosedChannelException) {
            return "error closed not connected";
        } else if (e instanceof IllegalArgumentException) {
            return "error usage " + text(e.getMessage());
        } else if (e instanceof ConnectException || e instanceof SSLException) {
            return "error connect " + text(e.getMessage());
        }
        return "error failed " + text(String.valueOf(e));
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * Free text, kept on one line and shown as it is: backslash, newline, carriage return and tab are escaped
     * as in JSON, and every other code point that a terminal would act on instead of showing (ESC, other
     * controls, bidi overrides, invisible format characters: {@link VisibleText#hidden}) as {@code \\uXXXX}.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (!VisibleText.hidden(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        for (char unit : Character.toChars(cp)) {
                            out.append(String.format("\\u%04x", (int) unit));
                        }
                    }
                }
            }
        });
        return out.toString();
    }

    /** A value followed by more fields: like {@link #text} with spaces also escaped, as {@code \s}. */
    static String name(String s) {
        return text(s).replace(" ", "\\s");
    }
}
