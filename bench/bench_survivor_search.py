"""Finding a survivor by name among 100,000 (a many2one's autocomplete, the
survivors' search box): ``name_search`` as a supervisor, who reads every
survivor of the company, and as an advocate, whose rules narrow them, with
the trigram index on the name and, for comparison, without it (dropped in a
transaction that is rolled back).

Prints medians; never asserts timings. Runs on the volume database
(bench/volume.py).
"""

from common import median_ms
from volume import SURVIVORS, open_volume_registry, volume_users

# a rare surname, a common first name, a Cyrillic one, one name, none at all
TERMS = ["Quillfeather", "Maria", "Ольга", "Robin Template", "Xylophone"]
RUNS = 25


def bench(env, users, label):
    for role, user in users.items():
        Survivor = env["safety.survivor"].with_user(user)
        for term in TERMS:

            def search(Survivor=Survivor, term=term):
                Survivor.env.invalidate_all()
                return Survivor.name_search(term, limit=8)

            found = len(search())
            print(
                f"{label}, {role}, name_search({term!r}, limit=8): "
                f"median {median_ms(search, RUNS):.1f} ms ({found} shown)"
            )


def main():
    odoo, registry = open_volume_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        holder, supervisor = volume_users(env)
        count = env["safety.survivor"].search_count([])
        print(f"volume: {count} survivors (target {SURVIVORS})")
        users = {"supervisor": supervisor, "advocate": holder}
        bench(env, users, "with the trigram index")
        # the advocate's rule makes PostgreSQL's estimate high enough to JIT-compile
        cr.execute("SET LOCAL jit = off")
        bench(env, {"advocate": holder}, "with the trigram index, JIT off")
        cr.execute("RESET jit")
        cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'safety_survivor' "
            "AND indexdef LIKE '%gin_trgm_ops%'"
        )
        for (index,) in cr.fetchall():
            cr.execute(f'DROP INDEX "{index}"')
        bench(env, users, "without it")
        cr.rollback()


if __name__ == "__main__":
    main()
