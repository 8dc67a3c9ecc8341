package io.parley.client.terminal;

import static io.parley.client.terminal.Text.*;

import io.parley.client.ParleyClient;
import io.parley.client.terminal.Console.ActionFailed;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.SendAckMes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The menu after login, the seed's numbered choices plus slash commands that work at any of its prompts
 * ({@code /msg 200 hi} while the menu waits for a choice, or while it asks for a group name).
 */
final class SessionMenu {
    /** How the session ended. */
    enum End {
        LOGGED_OUT,
        DISCONNECTED,
        QUIT
    }

    /** Unwinds from any prompt when a slash command ends the session. */
    private static final class Leave extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final End end;

        Leave(End end) {
            super(null, null, false, false);
            this.end = end;
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int PAGE = 1000;
    private static final int HISTORY_LIMIT = 50;

    private final Console console;
    private final ParleyClient client;
    private final ConsolePrinter printer;

    SessionMenu(Console console, ParleyClient client, ConsolePrinter printer) {
        this.console = console;
        this.client = client;
        this.printer = printer;
    }

    End run() {
        try {
            while (client.isConnected() || client.isReconnecting()) {
                console.menu(
                        SESSION_ONLINE,
                        SESSION_ALL,
                        SESSION_PRIVATE,
                        SESSION_GROUPS,
                        SESSION_HISTORY,
                        SESSION_LOGOUT,
                        SESSION_PASSWORD,
                        SESSION_LOGOUT_ALL);
                choose(ask(SESSION_CHOOSE));
            }
            return End.DISCONNECTED;
        } catch (Leave leave) {
            return leave.end;
        }
    }

    private void choose(String choice) {
        try {
            switch (choice) {
                case "1" -> online();
                case "2" -> broadcast(ask(ASK_TEXT));
                case "3" -> {
                    int to = console.readId(ask(ASK_TO));
                    sendPrivate(to, ask(ASK_TEXT));
                }
                case "4" -> groupMenu();
                case "5" -> history(Command.logNamed(ask(ASK_LOG)));
                case "6" -> logout();
                case "7" -> changePassword(console.readSecret(ASK_OLD_PASSWORD), console.readSecret(ASK_NEW_PASSWORD));
                case "8" -> logoutEverywhere();
                case "" -> {}
                default -> console.say(BAD_CHOICE);
            }
        } catch (ActionFailed told) {
            // The user has been told; show the menu again.
        }
    }

    private void groupMenu() {
        console.menu(GROUP_CREATE, GROUP_JOIN, GROUP_LEAVE, GROUP_LIST, GROUP_MEMBERS, GROUP_SEND, GROUP_BACK);
        switch (ask(GROUP_CHOOSE)) {
            case "1" -> create(ask(ASK_GROUP));
            case "2" -> join(ask(ASK_GROUP));
            case "3" -> leave(ask(ASK_GROUP));
            case "4" -> groups();
            case "5" -> members(ask(ASK_GROUP));
            case "6" -> {
                String group = ask(ASK_GROUP);
                sendGroup(group, ask(ASK_TEXT));
            }
            case "7", "" -> {}
            default -> console.say(BAD_CHOICE);
        }
    }

    /** Reads an answer; slash commands typed instead run at once and the question is asked again. */
    private String ask(Text prompt) {
        while (true) {
            String line = console.read(prompt).strip();
            if (!line.startsWith("/")) {
                return line;
            }
            slash(line.substring(1));
            if (!client.isConnected() && !client.isReconnecting()) {
                // The server has gone: asking again would leave the user at a menu where nothing works.
                throw new Leave(End.DISCONNECTED);
            }
        }
    }

    private void slash(String line) {
        Verb verb = Verb.of(line.strip().split("\\s+", 2)[0]);
        if (line.isBlank() || verb == Verb.HELP) {
            console.say(HELP);
            return;
        }
        if (verb == null || !verb.interactive()) {
            console.say(UNKNOWN_COMMAND, "/" + line.strip().split("\\s+", 2)[0]);
            return;
        }
        try {
            Command c;
            try {
                c = Command.parse(line);
            } catch (IllegalArgumentException e) {
                console.say(USAGE, "/" + verb.usage());
                return;
            }
            switch (verb) {
                case MSG -> sendPrivate(c.userId(0), c.text());
                case ALL -> broadcast(c.text());
                case G -> sendGroup(c.arg(0), c.text());
                case WHO -> online();
                case CREATE -> create(c.arg(0));
                case JOIN -> join(c.arg(0));
                case LEAVE -> leave(c.arg(0));
                case GROUPS -> groups();
                case MEMBERS -> members(c.arg(0));
                case HISTORY -> history(c.log(0));
                case LOGOUT -> logout();
                case LOGOUT_ALL -> logoutEverywhere();
                case PASSWD -> {
                    if (c.args().size() == 1) {
                        console.say(USAGE, "/" + verb.usage());
                    } else if (c.args().isEmpty()) {
                        // Asked for, masked, so that the passwords do not stay on the screen.
                        changePassword(console.readSecret(ASK_OLD_PASSWORD), console.readSecret(ASK_NEW_PASSWORD));
                    } else {
                        changePassword(c.arg(0), c.arg(1));
                    }
                }
                case QUIT -> throw new Leave(End.QUIT);
                default -> console.say(UNKNOWN_COMMAND, "/" + verb.word());
            }
        } catch (IllegalArgumentException e) {
            console.say(USAGE, e.getMessage());
        } catch (ActionFailed told) {
            // The user has been told.
        }
    }

    private void online() {
        OnlineListResMes page = console.call(() -> client.onlineUsers(0, PAGE));
        console.say(ONLINE_HEADER, page.total());
        page.userIds().forEach(id -> console.say(ONLINE_ROW, id));
    }

    private void broadcast(String text) {
        sent(console.call(() -> client.broadcast(text)));
    }

    private void sendPrivate(int to, String text) {
        sent(console.call(() -> client.sendPrivate(to, text)));
    }

    private void sendGroup(String group, String text) {
        sent(console.call(() -> client.sendGroup(group, text)));
    }

    private void sent(SendAckMes ack) {
        if (ack == null) {
            console.say(SENT_UNACKNOWLEDGED);
        } else {
            console.say(SENT, ack.msgId());
        }
    }

    private void create(String group) {
        console.call(() -> client.createGroup(group));
        console.say(GROUP_CREATED, group);
    }

    private void join(String group) {
        console.call(() -> client.joinGroup(group));
        console.say(GROUP_JOINED, group);
    }

    private void leave(String group) {
        console.call(() -> client.leaveGroup(group));
        console.say(GROUP_LEFT, group);
    }

    private void groups() {
        GroupListResMes list = console.call(client::listGroups);
        if (list.groups().isEmpty()) {
            console.say(NO_GROUPS);
        }
        for (GroupInfo g : list.groups()) {
            console.say(g.joined() ? GROUP_ROW_JOINED : GROUP_ROW, g.name(), g.members());
        }
    }

    private void members(String group) {
        GroupMembersResMes reply = console.call(() -> client.groupMembers(group));
        console.say(MEMBERS, group, joined(reply.members()), joined(reply.online()));
    }

    private void history(String log) {
        HistoryResMes reply = console.call(() -> client.history(log, 0, HISTORY_LIMIT));
        if (reply.items().isEmpty()) {
            console.say(HISTORY_EMPTY);
        }
        for (ChatItem item : reply.items()) {
            console.say(
                    HISTORY_ROW,
                    TIME.format(Instant.ofEpochMilli(item.sentAt())),
                    item.fromUserName(),
                    item.fromUserId(),
                    item.content());
        }
    }

    private void logout() {
        printer.expectClose(true);
        console.call(client::logout);
        console.say(LOGGED_OUT);
        throw new Leave(End.LOGGED_OUT);
    }

    private void changePassword(String oldPassword, String newPassword) {
        console.call(() -> client.changePassword(oldPassword, newPassword));
        console.say(PASSWORD_CHANGED);
    }

    private void logoutEverywhere() {
        console.call(client::logoutEverywhere);
        console.say(LOGGED_OUT_EVERYWHERE);
    }

    private static String joined(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
