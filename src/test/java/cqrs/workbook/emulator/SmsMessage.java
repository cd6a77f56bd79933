package cqrs.workbook.emulator;

import java.time.Instant;

/** One SMS as the emulator saw it go out. */
public record SmsMessage(String phone, String message, Instant sentAt) {}
