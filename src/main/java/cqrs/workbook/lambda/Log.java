package cqrs.workbook.lambda;

/**
 * One readable line per thing that happened. Lambda sends standard output to CloudWatch
 * Logs; the local runner shows it as it is. Callers pass public forms only: never a code.
 */
public final class Log {

    private Log() {}

    public static void line(String kind, String text) {
        System.out.println(String.format("%-10s %s", kind, text));
    }
}
