using ERaport.Write.Accounts;

namespace ERaport.Web.Accounts;

/// <summary>Sign-in protection, from the "Accounts" configuration section (e.g. Accounts__LockoutFailures).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Wrong passwords within <see cref="LockoutWindowMinutes"/> that lock a user name.</summary>
    public int LockoutFailures { get; set; } = 5;

    public int LockoutWindowMinutes { get; set; } = 15;

    /// <summary>How long a lockout lasts (an admin can lift it sooner).</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Wrong passwords (sign-in and password change) per client address per minute before that address
    /// must wait for the minute to end; correct ones never count.</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    /// <summary>How long a session lasts after the password was given, however busy it is (the cookie also ends after
    /// 8 hours unused): a browser left open on a staff-room computer does not stay signed in for days.</summary>
    public TimeSpan MaxSessionLength { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a node trusts its cached copy of an account when checking a session; another node's
    /// disable or password change ends sessions here within this time (this node's own at once).</summary>
    public int SessionCheckSeconds { get; set; } = 30;

    public LockoutPolicy Lockout => new(Math.Max(1, LockoutFailures), TimeSpan.FromMinutes(LockoutWindowMinutes), TimeSpan.FromMinutes(LockoutMinutes));
}
