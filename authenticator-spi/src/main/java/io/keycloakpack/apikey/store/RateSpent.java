package io.keycloakpack.apikey.store;

/**
 * What a key spent of its per-minute and per-hour rates in the current windows (numbered minutes and hours since
 * the epoch): a replacement takes it over, so that rotating a key is no way around its rate.
 */
public record RateSpent(long minuteWindow, int minuteCount, long hourWindow, int hourCount) {
}
