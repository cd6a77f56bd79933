package cqrs.workbook.org;

/** Why an org command may be refused. */
public sealed interface OrgRejection {

    /** The id is taken: registering twice under one id is refused. */
    record AlreadyRegistered() implements OrgRejection {}

    /** No org was ever registered under this id. */
    record NotRegistered() implements OrgRejection {}

    /** The org is someone else's: only the phone that registered it may change it. */
    record NotOwner() implements OrgRejection {}
}
