namespace ERaport.Web.Hosting;

/// <summary>A setting the app cannot start with. Program prints its message as one line and exits with
/// <see cref="ExitCode"/>, instead of a stack trace the operator must read the cause out of.</summary>
public sealed class StartRefused(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
