package io.parley.client.terminal;

/**
 * Every user-visible sentence of the interactive client. {@link #args()} spells the arguments each one is
 * formatted with ({@code d} a number, {@code s} a string), so that every language's template can be
 * checked against them; a template may reorder or leave out arguments with {@code %2$s}.
 */
enum Text {
    WELCOME(""),
    MAIN_LOGIN(""),
    MAIN_REGISTER(""),
    MAIN_EXIT(""),
    MAIN_CHOOSE(""),
    BAD_CHOICE(""),
    BYE(""),
    ASK_ID(""),
    ASK_PASSWORD(""),
    ASK_NAME(""),
    NOT_A_NUMBER("s"),
    REGISTERED("d"),
    REFUSED("ds"),
    CONNECT_FAILED("s"),
    LOGGED_IN("sd"),
    SESSION_ONLINE(""),
    SESSION_ALL(""),
    SESSION_PRIVATE(""),
    SESSION_GROUPS(""),
    SESSION_HISTORY(""),
    SESSION_LOGOUT(""),
    SESSION_PASSWORD(""),
    SESSION_LOGOUT_ALL(""),
    SESSION_CHOOSE(""),
    ONLINE_HEADER("d"),
    ONLINE_ROW("d"),
    ASK_TO(""),
    ASK_TEXT(""),
    SENT("d"),
    SENT_UNACKNOWLEDGED(""),
    GROUP_CREATE(""),
    GROUP_JOIN(""),
    GROUP_LEAVE(""),
    GROUP_LIST(""),
    GROUP_MEMBERS(""),
    GROUP_SEND(""),
    GROUP_BACK(""),
    GROUP_CHOOSE(""),
    ASK_GROUP(""),
    GROUP_CREATED("s"),
    GROUP_JOINED("s"),
    GROUP_LEFT("s"),
    GROUP_ROW("sd"),
    GROUP_ROW_JOINED("sd"),
    NO_GROUPS(""),
    MEMBERS("sss"),
    ASK_LOG(""),
    HISTORY_EMPTY(""),
    HISTORY_ROW("ssds"),
    IN_PRIVATE("sds"),
    IN_GROUP("ssds"),
    IN_ALL("sds"),
    STATUS_ONLINE("d"),
    STATUS_OFFLINE("d"),
    STATUS_BUSY("d"),
    SERVER_ERROR("ds"),
    TIMEOUT(""),
    DISCONNECTED(""),
    RECONNECTING(""),
    RECONNECTED("s"),
    LOGGED_OUT(""),
    ASK_OLD_PASSWORD(""),
    ASK_NEW_PASSWORD(""),
    PASSWORD_CHANGED(""),
    LOGGED_OUT_EVERYWHERE(""),
    UNKNOWN_COMMAND("s"),
    USAGE("s"),
    HELP("");

    private final String args;

    Text(String args) {
        this.args = args;
    }

    /** One letter per argument: {@code d} for a number, {@code s} for a string. */
    String args() {
        return args;
    }
}
