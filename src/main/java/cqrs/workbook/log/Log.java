package cqrs.workbook.log;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object per line on standard output, the form that Lambda's JSON log format and
 * CloudWatch Logs Insights read field by field: {@code timestamp}, {@code level},
 * {@code kind} (which part of the system speaks), {@code message}, the invocation's
 * {@code requestId}, and, where an event is concerned, {@code stream}, {@code version} and
 * {@code eventId}. Phone numbers are masked wherever they appear; callers never pass a code.
 *
 * <p>Written by hand rather than through a logging framework: one small class, no
 * configuration file and nothing to load at a cold start (see the performance chapter).
 * This package imports nothing of the project, so every package may log.
 */
public final class Log {

    /** A phone number in E.164 form, wherever it appears in a message or a field. */
    private static final Pattern PHONE = Pattern.compile("\\+(\\d{2})(\\d{3,11})(\\d{2})");

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private Log() {}

    /** The invocation that the following lines belong to (Lambda's {@code awsRequestId}). */
    public static void requestId(String id) {
        if (id == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(id);
        }
    }

    public static void line(String kind, String message) {
        at(kind).info(message);
    }

    /** A line about one event of a stream. */
    public static Line at(String kind) {
        return new Line(kind);
    }

    /** {@code +6591234567} becomes {@code +65*******67}: enough to tell numbers apart in a log. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = PHONE.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(masked, "+" + matcher.group(1) + "*".repeat(matcher.group(2).length())
                    + matcher.group(3));
        }
        return matcher.appendTail(masked).toString();
    }

    /** One line being put together: the fields that apply, then its level and message. */
    public static final class Line {
        private final String kind;
        private String stream;
        private long version = -1;
        private String eventId;

        private Line(String kind) {
            this.kind = kind;
        }

        public Line stream(String stream) {
            this.stream = stream;
            return this;
        }

        public Line version(long version) {
            this.version = version;
            return this;
        }

        public Line eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public void info(String message) {
            write("INFO", message);
        }

        public void warn(String message) {
            write("WARN", message);
        }

        /** Something an operator must act on: an alarm filters on this level. */
        public void alert(String message) {
            write("ALERT", message);
        }

        private void write(String level, String message) {
            StringBuilder json = new StringBuilder(160).append('{');
            field(json, "timestamp", Instant.now().toString());
            field(json, "level", level);
            field(json, "kind", kind);
            field(json, "message", mask(message));
            if (REQUEST_ID.get() != null) {
                field(json, "requestId", REQUEST_ID.get());
            }
            if (stream != null) {
                field(json, "stream", mask(stream));
            }
            if (version >= 0) {
                json.append(",\"version\":").append(version);
            }
            if (eventId != null) {
                field(json, "eventId", eventId);
            }
            System.out.println(json.append('}'));
        }
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
