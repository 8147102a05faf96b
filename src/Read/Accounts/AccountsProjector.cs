using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using JasperFx.Events;

namespace ERaport.Read.Accounts;

public static class AccountsProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        UserRegistered x => [new Upsert(new UserRow(x.UserId, schoolId, x.UserName, x.DisplayName, x.Nip))],
        _ => [],
    };
}
