package io.parley.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.admin.AdminToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code parley admin …}: the operator's commands, sent to a running server's admin listener with the token from
 * its data folder. Each prints what the server answered, one {@code key: value} per line (or the JSON with
 * {@code --json}), and exits 0 when it was done, 1 when the server refused (no such user, say), 2 when it could
 * not ask (no server, no token).
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Ask a running server's admin listener: who is online, kick, ban, reset a password, back up.",
        subcommands = {
            AdminCommand.Who.class,
            AdminCommand.Stats.class,
            AdminCommand.Kick.class,
            AdminCommand.Ban.class,
            AdminCommand.Unban.class,
            AdminCommand.ResetPassword.class,
            AdminCommand.DeleteUser.class,
            AdminCommand.Backup.class
        })
final class AdminCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:9000",
            scope = ScopeType.INHERIT,
            description = "The server's admin listener (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "data",
            scope = ScopeType.INHERIT,
            description =
                    "The server's data folder, which holds " + AdminToken.FILE_NAME + " (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's answer as JSON.")
    boolean json;

    /** Sends one request and prints its answer; the exit code. */
    int ask(String method, String path, ObjectNode body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String token;
        try {
            token = AdminToken.read(data.resolve(AdminToken.FILE_NAME));
        } catch (IOException e) {
            err.println("parley admin: cannot read the admin token in " + data.resolve(AdminToken.FILE_NAME) + " ("
                    + e.getMessage() + "); --data names the server's data folder");
            return 2;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("parley admin: no admin listener at " + address + " (is the server running, with "
                    + "--admin-port? --admin names its address)");
            return 2;
        } catch (IOException e) {
            err.println("parley admin: " + address + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        PrintWriter to = response.statusCode() == 200 ? out : err;
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (json) {
                to.println(answer.toString());
            } else {
                for (Map.Entry<String, JsonNode> field : answer.properties()) {
                    JsonNode value = field.getValue();
                    to.println(field.getKey() + ": " + (value.isTextual() ? value.asText() : value.toString()));
                }
            }
        } catch (IOException e) {
            to.println(response.body());
        }
        to.flush();
        return response.statusCode() == 200 ? 0 : response.statusCode() == 401 ? 2 : 1;
    }

    static ObjectNode user(int userId) {
        return JSON.createObjectNode().put("user", userId);
    }

    /** A command on one user: {@code POST /admin/<action>} with {@code {"user": USER}}. */
    abstract static class OnUser implements Callable<Integer> {
        private final String action;

        @ParentCommand
        AdminCommand admin;

        @Parameters(paramLabel = "USER", description = "The user id.")
        int userId;

        OnUser(String action) {
            this.action = action;
        }

        @Override
        public Integer call() {
            return admin.ask("POST", "/admin/" + action, user(userId));
        }
    }

    @Command(name = "who", mixinStandardHelpOptions = true, description = "Who is online, on every node.")
    static final class Who implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--offset", defaultValue = "0", description = "Skip this many (default: 0).")
        int offset;

        @Option(
                names = "--limit",
                defaultValue = "100",
                description = "List at most this many, up to 1000 (default: 100).")
        int limit;

        @Override
        public Integer call() {
            return admin.ask("GET", "/admin/who?offset=" + offset + "&limit=" + limit, null);
        }
    }

    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = "This node: connections, sessions, users online, uptime.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Override
        public Integer call() {
            return admin.ask("GET", "/admin/stats", null);
        }
    }

    @Command(
            name = "kick",
            mixinStandardHelpOptions = true,
            description = "End every session of a user on every node; the user must log in again with the password.")
    static final class Kick extends OnUser {
        Kick() {
            super("kick");
        }
    }

    @Command(
            name = "ban",
            mixinStandardHelpOptions = true,
            description = "Refuse a user's logins (for a time, or until unbanned) and end every session of theirs.")
    static final class Ban extends OnUser {
        @Option(
                names = "--for",
                paramLabel = "DURATION",
                description = "How long: 30m, 12h, 7d, or ISO-8601 (PT2H) (default: until unbanned).")
        String duration;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Told to the user when a login is refused.")
        String reason;

        Ban() {
            super("ban");
        }

        @Override
        public Integer call() {
            ObjectNode body = user(userId);
            if (duration != null) {
                try {
                    body.put("seconds", Durations.parse(duration).toSeconds());
                } catch (IllegalArgumentException e) {
                    admin.spec.commandLine().getErr().println("parley admin ban: --for " + e.getMessage());
                    return 2;
                }
            }
            if (reason != null) {
                body.put("reason", reason);
            }
            return admin.ask("POST", "/admin/ban", body);
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lift a user's ban.")
    static final class Unban extends OnUser {
        Unban() {
            super("unban");
        }
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = "Give a user a new random password (printed once) and end every session of theirs.")
    static final class ResetPassword extends OnUser {
        ResetPassword() {
            super("reset-password");
        }
    }

    @Command(
            name = "delete-user",
            mixinStandardHelpOptions = true,
            description = "Delete a user's account and stored messages (docs/operations.md says what stays).")
    static final class DeleteUser extends OnUser {
        DeleteUser() {
            super("delete-user");
        }
    }

    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = "Write an online, consistent copy of the SQLite store to FILE, on the server's machine.")
    static final class Backup implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Parameters(paramLabel = "FILE", description = "Where the copy goes; it must not exist yet.")
        Path file;

        @Override
        public Integer call() {
            return admin.ask(
                    "POST",
                    "/admin/backup",
                    JSON.createObjectNode().put("file", file.toAbsolutePath().toString()));
        }
    }
}
