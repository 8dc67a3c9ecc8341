package io.parley.client.terminal;

import static io.parley.client.terminal.Text.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The interactive client in English, the default. */
final class EnglishText {
    static final Map<Text, String> TEMPLATES;

    static {
        Map<Text, String> t = new EnumMap<>(Text.class);
        t.put(WELCOME, "----------------Welcome to the Parley chat system------------");
        t.put(MAIN_LOGIN, "1 Log in");
        t.put(MAIN_REGISTER, "2 Register");
        t.put(MAIN_EXIT, "3 Exit");
        t.put(MAIN_CHOOSE, "Please choose (1-3): ");
        t.put(BAD_CHOICE, "Invalid choice, please try again.");
        t.put(BYE, "You have left the system.");
        t.put(ASK_ID, "User id: ");
        t.put(ASK_PASSWORD, "Password: ");
        t.put(ASK_NAME, "Name (nickname): ");
        t.put(NOT_A_NUMBER, "Not a number: %s");
        t.put(REGISTERED, "Registered user %d. You can log in now.");
        t.put(REFUSED, "Refused (%d): %s");
        t.put(CONNECT_FAILED, "Cannot reach the server: %s");
        t.put(LOGGED_IN, "-------Welcome %s (%d), you are logged in---------");
        t.put(SESSION_ONLINE, "1 Online users");
        t.put(SESSION_ALL, "2 Message everyone");
        t.put(SESSION_PRIVATE, "3 Private message");
        t.put(SESSION_GROUPS, "4 Groups");
        t.put(SESSION_HISTORY, "5 Inbox / history");
        t.put(SESSION_LOGOUT, "6 Log out");
        t.put(SESSION_PASSWORD, "7 Change password");
        t.put(SESSION_LOGOUT_ALL, "8 Log out everywhere else");
        t.put(SESSION_CHOOSE, "Please choose (1-8, /help for commands): ");
        t.put(ONLINE_HEADER, "Online users (%d):");
        t.put(ONLINE_ROW, "user id:\t%d");
        t.put(ASK_TO, "To user id: ");
        t.put(ASK_TEXT, "Message: ");
        t.put(SENT, "Sent (message %d).");
        t.put(SENT_UNACKNOWLEDGED, "Sent.");
        t.put(GROUP_CREATE, "1 Create a group");
        t.put(GROUP_JOIN, "2 Join a group");
        t.put(GROUP_LEAVE, "3 Leave a group");
        t.put(GROUP_LIST, "4 List groups");
        t.put(GROUP_MEMBERS, "5 Group members");
        t.put(GROUP_SEND, "6 Message a group");
        t.put(GROUP_BACK, "7 Back");
        t.put(GROUP_CHOOSE, "Please choose (1-7): ");
        t.put(ASK_GROUP, "Group: ");
        t.put(GROUP_CREATED, "Created group %s.");
        t.put(GROUP_JOINED, "Joined group %s.");
        t.put(GROUP_LEFT, "Left group %s.");
        t.put(GROUP_ROW, "%s\t%d members");
        t.put(GROUP_ROW_JOINED, "%s\t%d members (joined)");
        t.put(NO_GROUPS, "There are no groups yet.");
        t.put(MEMBERS, "Members of %s: %s (online: %s)");
        t.put(ASK_LOG, "Inbox or group name (Enter for inbox): ");
        t.put(HISTORY_EMPTY, "No messages.");
        t.put(HISTORY_ROW, "[%s] %s (%d): %s");
        t.put(IN_PRIVATE, "[private] %s (%d): %s");
        t.put(IN_GROUP, "[%s] %s (%d): %s");
        t.put(IN_ALL, "%s (%d) to everyone: %s");
        t.put(STATUS_ONLINE, "User %d is online.");
        t.put(STATUS_OFFLINE, "User %d went offline.");
        t.put(STATUS_BUSY, "User %d is busy.");
        t.put(SERVER_ERROR, "Server error %d: %s");
        t.put(TIMEOUT, "The server did not answer in time.");
        t.put(DISCONNECTED, "The connection to the server was lost.");
        t.put(RECONNECTING, "The connection to the server was lost; reconnecting...");
        t.put(RECONNECTED, "Reconnected to %s.");
        t.put(LOGGED_OUT, "Logged out.");
        t.put(ASK_OLD_PASSWORD, "Current password: ");
        t.put(ASK_NEW_PASSWORD, "New password: ");
        t.put(PASSWORD_CHANGED, "Password changed; your other sessions were logged out.");
        t.put(LOGGED_OUT_EVERYWHERE, "Your other sessions were logged out; this one stays.");
        t.put(UNKNOWN_COMMAND, "Unknown command: %s (try /help)");
        t.put(USAGE, "Usage: %s");
        t.put(HELP, """
                Commands, at any prompt:
                  /msg <id> <text>     private message
                  /all <text>          message everyone
                  /g <group> <text>    message a group
                  /who                 online users
                  /create <group>   /join <group>   /leave <group>
                  /groups              all groups
                  /members <group>     a group's members
                  /history [inbox|group:<g>]
                  /passwd [<old> <new>] change password (asks when left out)
                  /logout-all          log out every other session
                  /logout   /help   /quit""");
        TEMPLATES = Collections.unmodifiableMap(t);
    }

    private EnglishText() {}
}
