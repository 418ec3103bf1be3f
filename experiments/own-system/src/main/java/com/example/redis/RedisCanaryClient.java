package com.example.redis;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.ClassifiedCallException;
import dev.gameday.canary.Command;
import dev.gameday.canary.Outcome;
import dev.gameday.history.OpType;
import dev.gameday.report.SuccessRule;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canary's calls as Redis commands, in Redis's own wire protocol (RESP), written out here so that the example
 * needs no client library. A register is the hash {@code canary:<key>}: its number under field {@code v}, the
 * item's filler under {@code p}.
 *
 * <ul>
 *   <li>read: {@code HGET canary:<key> v};
 *   <li>write: {@code HSET canary:<key> v <n> p <filler>} (one command: both fields or neither);
 *   <li>cas: a Lua script ({@code EVAL}), which Redis runs without interleaving: compare {@code v}, then set both
 *       fields; a false compare is {@code :fail compare-failed}, an answer and not an outage.
 * </ul>
 *
 * <p>What goes into history.edn is decided here, because only the client knows how far a call got. Each call opens
 * its own connection and sends {@code PING} first: until the {@code PONG} is back, nothing of the command has left
 * this process, so any failure up to then (refused, closed by the fault proxy because the server is down, a paused
 * server that does not answer, Redis still loading its file) is a certain {@code :fail}. Once the command is sent, a
 * timeout or a lost connection is {@code :info}: Redis may have applied it. An error reply ({@code -ERR ...}) is a
 * {@code :fail}: Redis refuses a command before running any of it. One connection per call also means the canary's
 * worker threads share nothing, and a call given up on cannot leave a late answer for the next one to read.
 */
public final class RedisCanaryClient implements CanaryClient {

    static final String PREFIX = "canary:";

    private static final String CAS = "if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then"
            + " redis.call('HSET', KEYS[1], 'v', ARGV[2], 'p', ARGV[3]) return 1 end return 0";
    /** The final read: every register's number in one script, so Redis answers for one instant. */
    private static final String SCAN_ALL = "local out = {} for _, k in ipairs(redis.call('KEYS', 'canary:*')) do"
            + " out[#out + 1] = k out[#out + 1] = redis.call('HGET', k, 'v') end return out";

    private final InetSocketAddress server;
    private final int timeoutMillis;

    /** @param server {@code redis://host:port}, here the primary's path through the fault proxy */
    public RedisCanaryClient(URI server, Duration callTimeout) {
        this.server = new InetSocketAddress(server.getHost(), server.getPort());
        this.timeoutMillis = Math.toIntExact(callTimeout.toMillis());
    }

    @Override
    public Object execute(Command command) throws ClassifiedCallException {
        String key = PREFIX + command.key();
        String filler = "x".repeat(Math.max(1, command.payloadBytes()));
        switch (command.f()) {
            case "read" -> {
                Object value = call("HGET", key, "v");
                return value == null ? null : Long.valueOf((String) value);
            }
            case "write" -> {
                call("HSET", key, "v", command.value().toString(), "p", filler);
                return command.value();
            }
            case "cas" -> {
                List<?> pair = (List<?>) command.value();
                Object swapped = call(
                        "EVAL",
                        CAS,
                        "1",
                        key,
                        pair.get(0).toString(),
                        pair.get(1).toString(),
                        filler);
                if (!Long.valueOf(1).equals(swapped)) {
                    throw new ClassifiedCallException(new Outcome(OpType.FAIL, SuccessRule.COMPARE_FAILED), null);
                }
                return pair;
            }
            default -> throw new IllegalArgumentException("no Redis command for canary command " + command);
        }
    }

    /** Every register and unique key with its number, for the durability checker. */
    public Map<String, Long> scanAll() throws ClassifiedCallException {
        List<?> flat = (List<?>) call("EVAL", SCAN_ALL, "0");
        Map<String, Long> values = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            values.put(((String) flat.get(i)).substring(PREFIX.length()), Long.valueOf((String) flat.get(i + 1)));
        }
        return values;
    }

    /** Whether the server answers {@code PING} now (and has finished loading its data). */
    public boolean answers() {
        try {
            return "PONG".equals(call("PING"));
        } catch (ClassifiedCallException e) {
            return false;
        }
    }

    private Object call(String... command) throws ClassifiedCallException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(timeoutMillis);
            InputStream in;
            OutputStream out;
            try {
                socket.connect(server, timeoutMillis);
                in = new BufferedInputStream(socket.getInputStream());
                out = new BufferedOutputStream(socket.getOutputStream());
                send(out, "PING");
                reply(in);
            } catch (ConnectException e) {
                throw failed(OpType.FAIL, "connection-refused", e);
            } catch (IOException e) {
                throw failed(OpType.FAIL, "no-pong", e);
            }
            // From here on the command may reach Redis and be applied whatever happens to its answer.
            send(out, command);
            return reply(in);
        } catch (SocketTimeoutException e) {
            throw failed(OpType.INFO, "timeout", e);
        } catch (IOException e) {
            throw failed(OpType.INFO, "connection-lost", e);
        }
    }

    /** A command is an array of bulk strings: {@code *2\r\n$4\r\nHGET\r\n$9\r\ncanary:k1\r\n}. */
    private static void send(OutputStream out, String... command) throws IOException {
        out.write(('*' + Integer.toString(command.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String part : command) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /**
     * One reply: a status ({@code +PONG}), an integer ({@code :1}), a bulk string ({@code $-1} is nil) or an array
     * of replies. An error reply is thrown as a {@code :fail} named by its first word ({@code -LOADING ...}).
     */
    private static Object reply(InputStream in) throws IOException, ClassifiedCallException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("connection closed before a reply");
        }
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ClassifiedCallException(
                        new Outcome(OpType.FAIL, line.split(" ", 2)[0].toLowerCase(Locale.ROOT)),
                        new IOException("Redis answered: " + line));
            case ':':
                return Long.valueOf(line);
            case '$':
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length < length + 2) {
                    throw new EOFException("connection closed inside a reply");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            case '*':
                List<Object> items = new ArrayList<>();
                for (int i = Integer.parseInt(line); i > 0; i--) {
                    items.add(reply(in));
                }
                return items;
            default:
                throw new IOException("not a RESP reply: '" + (char) type + line + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("connection closed inside a reply");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static ClassifiedCallException failed(OpType type, String error, Exception cause) {
        return new ClassifiedCallException(new Outcome(type, error), cause);
    }
}
