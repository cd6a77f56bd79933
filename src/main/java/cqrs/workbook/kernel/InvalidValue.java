package cqrs.workbook.kernel;

/**
 * Thrown by a value object's constructor when its input is not a valid value, so that an
 * invalid value object cannot exist. The gateway turns it into a field error.
 */
public final class InvalidValue extends RuntimeException {

    public InvalidValue(String message) {
        super(message, null, false, false);
    }
}
