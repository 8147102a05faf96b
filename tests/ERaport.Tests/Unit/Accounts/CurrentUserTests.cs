using ERaport.Web.Accounts;
using ERaport.Write.Accounts;

namespace ERaport.Tests.Unit.Accounts;

public sealed class CurrentUserTests
{
    [Fact]
    public void a_principal_grant_becomes_a_claim_for_its_term_only()
    {
        var (earlier, current, homeroomClass) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var account = new UserAccount
        {
            UserId = Guid.NewGuid(), SchoolId = "sma-x", UserName = "bu.sri", DisplayName = "Bu Sri",
            Roles = [new RoleGrant(Role.Principal, earlier, null), new RoleGrant(Role.Teacher, current, null),
                new RoleGrant(Role.HomeroomTeacher, current, homeroomClass)],
        };

        var user = CurrentUser.FromAccount(account, "test", DateTimeOffset.UnixEpoch);

        user.IsPrincipalOf(earlier).ShouldBeTrue();
        user.IsPrincipalOf(current).ShouldBeFalse("principal of an earlier term, an ordinary teacher now");
        user.PrincipalTermIds().ShouldBe([earlier]);
        user.Has(Role.Principal).ShouldBeTrue("the navigation still offers the principal's pages");
        user.HomeroomClassIds().ShouldBe([homeroomClass]);
    }
}
