using ERaport.Write.Accounts;

namespace ERaport.Tests.Unit.Accounts;

public class SignInThrottleTests
{
    private static readonly LockoutPolicy Policy = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
    private static readonly DateTimeOffset Start = new(2026, 8, 17, 8, 0, 0, TimeSpan.Zero);

    private static (SignInThrottle Throttle, bool LockedNow) Fail(SignInThrottle? current, DateTimeOffset at) =>
        SignInThrottle.AfterFailure(current, "guru.a", at, Policy);

    private static (SignInThrottle Throttle, bool LockedNow) FailTimes(int times, TimeSpan apart, SignInThrottle? from = null)
    {
        (SignInThrottle Throttle, bool LockedNow) state = (from!, false);
        for (var i = 0; i < times; i++)
            state = Fail(state.Throttle, Start + apart * i);
        return state;
    }

    [Fact]
    public void four_failures_do_not_lock()
    {
        var (throttle, locked) = FailTimes(4, TimeSpan.FromMinutes(1));

        locked.ShouldBeFalse();
        throttle.IsLockedOut(Start + TimeSpan.FromMinutes(4)).ShouldBeFalse();
        throttle.Failures.Count.ShouldBe(4);
    }

    [Fact]
    public void the_fifth_failure_within_the_window_locks_for_the_lockout_duration()
    {
        var (throttle, locked) = FailTimes(5, TimeSpan.FromMinutes(1));

        locked.ShouldBeTrue();
        throttle.LockedUntil.ShouldBe(Start + TimeSpan.FromMinutes(4) + Policy.Duration);
        throttle.IsLockedOut(Start + TimeSpan.FromMinutes(18)).ShouldBeTrue();
        throttle.IsLockedOut(Start + TimeSpan.FromMinutes(19)).ShouldBeFalse();
    }

    [Fact]
    public void failures_older_than_the_window_are_forgotten()
    {
        var (throttle, locked) = FailTimes(5, TimeSpan.FromMinutes(4));

        locked.ShouldBeFalse();
        throttle.Failures.Count.ShouldBe(4);
    }

    [Fact]
    public void failures_during_a_lockout_do_not_extend_it()
    {
        var (locked, _) = FailTimes(5, TimeSpan.FromSeconds(1));

        var (after, lockedNow) = Fail(locked, Start + TimeSpan.FromMinutes(5));

        lockedNow.ShouldBeFalse();
        after.LockedUntil.ShouldBe(locked.LockedUntil);
    }

    [Fact]
    public void after_a_lockout_runs_out_the_count_starts_afresh()
    {
        var (locked, _) = FailTimes(5, TimeSpan.FromSeconds(1));

        var (after, lockedNow) = Fail(locked, locked.LockedUntil!.Value + TimeSpan.FromSeconds(1));

        lockedNow.ShouldBeFalse();
        after.Failures.Count.ShouldBe(1);
    }

    [Fact]
    public void the_key_is_the_user_name_in_lower_case()
    {
        SignInThrottle.KeyFor("  Guru.A ").ShouldBe("guru.a");
    }

    [Theory]
    [InlineData("203.0.113.7", "guru.a@203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "guru.a@203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "guru.a@2001:db8:1:2::/64")]
    [InlineData(null, "guru.a@")]
    public void the_key_from_one_address_counts_an_ipv6_client_by_its_64_bit_prefix(string? address, string key)
    {
        SignInThrottle.KeyFor("Guru.A", address).ShouldBe(key);
    }

    [Fact]
    public void from_every_address_together_a_name_locks_after_four_times_as_many_failures()
    {
        Policy.EveryAddress.ShouldBe(Policy with { MaxFailures = 20 });
    }
}
