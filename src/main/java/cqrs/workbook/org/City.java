package cqrs.workbook.org;

/** A city's name: 1 to 80 characters once trimmed; kept trimmed. */
public record City(String value) {

    public static final int MAX_LENGTH = 80;

    public City {
        value = Text.trimmed(value, 1, MAX_LENGTH);
    }

    public static City of(String value) {
        return new City(value);
    }
}
