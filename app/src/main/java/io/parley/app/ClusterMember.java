package io.parley.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One process of a local cluster as {@code cluster.json} records it: enough to find it again by PID, to be
 * sure that PID is still the process started here, and to start it again the same way.
 *
 * @param name       {@code redis} or {@code node-<i>}
 * @param pid        the process id
 * @param startedAt  the process's start time as the OS reports it; a PID reused by another process has
 *                   another start time
 * @param port       the loopback port it listens on
 * @param command    the command line it was started with
 * @param log        the file its stdout and stderr go to, absolute
 */
record ClusterMember(String name, long pid, String startedAt, int port, List<String> command, String log) {
    static final long STOP_TIMEOUT_SECONDS = 10;
    private static final long START_TIME_TOLERANCE_MILLIS = 2_000;
    private static final String SETSID = "setsid";
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ more)");

    ClusterMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(log, "log");
        command = List.copyOf(command);
    }

    /**
     * Starts {@code command} detached from this JVM: stdin closed, stdout and stderr to {@code log}, and in
     * a session of its own where {@code setsid} exists, so that neither this command's exit nor a signal to
     * its process group reaches it.
     */
    static ClusterMember launch(String name, int port, List<String> command, Path log, Path workDir, boolean appendLog)
            throws IOException {
        List<String> full = new ArrayList<>();
        // A child of the JVM is never a process group leader, so setsid execs in place and the PID stays.
        Probes.findOnPath(SETSID).ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        appendLog
                                ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                : ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        process.getOutputStream().close();
        String startedAt = process.info().startInstant().map(Instant::toString).orElse(null);
        return new ClusterMember(
                name,
                process.pid(),
                startedAt,
                port,
                command,
                log.toAbsolutePath().toString());
    }

    /** The same member started again with its own command line, its log appended to. */
    ClusterMember relaunch(Path workDir) throws IOException {
        return launch(name, port, command, Path.of(log), workDir, true);
    }

    /**
     * The live process this member started, or empty when it has exited or its PID now belongs to another
     * process.
     */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isTheOneStarted);
    }

    boolean alive() {
        return process().isPresent();
    }

    /**
     * Same start time (give or take {@value #START_TIME_TOLERANCE_MILLIS} ms: JVMs derive it from a boot time
     * that can differ by a second between them) and same program. When neither can be read, it is not ours.
     */
    private boolean isTheOneStarted(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        Optional<Instant> start = info.startInstant();
        Optional<String> program = info.command();
        if ((startedAt == null || start.isEmpty()) && program.isEmpty()) {
            return false;
        }
        boolean sameStart = startedAt == null
                || start.isEmpty()
                || Math.abs(Duration.between(Instant.parse(startedAt), start.get())
                                .toMillis())
                        <= START_TIME_TOLERANCE_MILLIS;
        return sameStart && program.map(this::isOurProgram).orElse(true);
    }

    /**
     * The OS names the executable after symbolic links are resolved ({@code redis-server} is often a link to
     * {@code redis-check-rdb}); {@code setsid} is ours too for the moment before it execs the command.
     */
    private boolean isOurProgram(String executable) {
        Path running = Path.of(executable).getFileName();
        Path started = Path.of(command.get(0));
        if (running.equals(started.getFileName()) || running.toString().equals(SETSID)) {
            return true;
        }
        try {
            return running.equals(started.toRealPath().getFileName());
        } catch (IOException gone) {
            return false;
        }
    }

    /** SIGTERM to each running member, up to {@value #STOP_TIMEOUT_SECONDS} s for all of them, then SIGKILL. */
    static List<String> stopAll(List<ClusterMember> members) {
        record Stopping(ClusterMember member, ProcessHandle process) {}
        List<String> report = new ArrayList<>();
        List<Stopping> stopping = new ArrayList<>();
        for (ClusterMember m : members) {
            Optional<ProcessHandle> p = m.process();
            if (p.isPresent()) {
                p.get().destroy();
                stopping.add(new Stopping(m, p.get()));
            } else {
                report.add(m.name() + " (pid " + m.pid() + ") was not running");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        for (Stopping s : stopping) {
            String who = s.member().name() + " (pid " + s.member().pid() + ")";
            if (awaitExit(s.process(), deadline - System.nanoTime())) {
                report.add("stopped " + who);
            } else {
                s.process().destroyForcibly();
                awaitExit(s.process(), TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS));
                report.add("killed " + who + ": still running " + STOP_TIMEOUT_SECONDS + " s after SIGTERM");
            }
        }
        return report;
    }

    /** SIGKILL, then waits until the process is gone. False when it was not running. */
    boolean kill() {
        Optional<ProcessHandle> p = process();
        p.ifPresent(handle -> {
            handle.destroyForcibly();
            awaitExit(handle, TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS));
        });
        return p.isPresent();
    }

    /**
     * The last {@code lines} lines of the member's log, for error messages; stack frames are left out so that
     * an exception's message and causes fit.
     */
    String logTail(int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(Path.of(log)), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !STACK_FRAME.matcher(line).lookingAt())
                    .toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static boolean awaitExit(ProcessHandle process, long nanos) {
        try {
            process.onExit().get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
