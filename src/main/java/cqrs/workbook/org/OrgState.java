package cqrs.workbook.org;

/** An org as decisions need it. */
public sealed interface OrgState {

    record Unregistered() implements OrgState {}

    record Registered(OrgId id, OrgProfile profile, boolean contactVerified) implements OrgState {}
}
