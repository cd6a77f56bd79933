package cqrs.workbook.org;

/** Where an org is. */
public record Location(City city, CountryCode country) {}
