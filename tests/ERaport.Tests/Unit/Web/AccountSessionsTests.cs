using ERaport.Web.Accounts;
using ERaport.Write.Accounts;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ERaport.Tests.Unit.Web;

/// <summary>The node's copy of an account that sessions are checked against.</summary>
public class AccountSessionsTests
{
    private static readonly Guid UserId = Guid.NewGuid();

    private static AccountSessions Sessions() => new(new MemoryCache(new MemoryCacheOptions()), Options.Create(new AccountOptions()));

    private static UserAccount Account(params RoleGrant[] roles) => new() { UserId = UserId, SchoolId = TestEvents.SchoolId, Roles = [.. roles] };

    [Fact]
    public async Task an_account_is_read_once_and_then_served_from_the_nodes_copy_until_it_is_forgotten()
    {
        var sessions = Sessions();
        var reads = 0;
        Task<UserAccount?> Load(CancellationToken _)
        {
            reads++;
            return Task.FromResult<UserAccount?>(Account());
        }

        await sessions.FindAsync(TestEvents.SchoolId, UserId, Load, default);
        await sessions.FindAsync(TestEvents.SchoolId, UserId, Load, default);
        reads.ShouldBe(1);

        sessions.Forget(TestEvents.SchoolId, UserId);
        await sessions.FindAsync(TestEvents.SchoolId, UserId, Load, default);
        reads.ShouldBe(2);
    }

    /// <summary>A request reads the account just before an admin's change commits, and keeps what it read only after the
    /// change was forgotten: that stale copy must not serve the next requests for the rest of the 30 s.</summary>
    [Fact]
    public async Task an_account_read_while_a_change_to_it_committed_is_read_again_on_the_next_request()
    {
        var sessions = Sessions();
        var stale = Account(new RoleGrant(Role.HomeroomTeacher, Guid.NewGuid(), Guid.NewGuid()));
        var changed = Account();

        await sessions.FindAsync(TestEvents.SchoolId, UserId, _ =>
        {
            sessions.Forget(TestEvents.SchoolId, UserId); // the change commits while this request is reading
            return Task.FromResult<UserAccount?>(stale);
        }, default);

        (await sessions.FindAsync(TestEvents.SchoolId, UserId, _ => Task.FromResult<UserAccount?>(changed), default)).ShouldBeSameAs(changed);
    }
}
