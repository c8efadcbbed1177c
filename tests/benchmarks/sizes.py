"""The benchmark's sizes, and the database each one lives in."""

from dataclasses import dataclass

DATABASE_HOST = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Size:
    name: str
    children: int
    teams: int
    teams_per_area: int
    long_edits: int = 300  # the long-history child's own record, edited again and again
    long_network: int = 40
    long_meetings: int = 150
    long_mappings: int = 12

    @property
    def areas(self) -> int:
        return -(-self.teams // self.teams_per_area)

    @property
    def iros(self) -> int:
        # About 60 looked-after children (35% of all) per independent reviewing officer.
        return max(1, round(self.children * 0.35 / 60))

    @property
    def users(self) -> int:
        return 5 + 3 * self.areas + 16 * self.teams + self.iros

    @property
    def database(self) -> str:
        return f"caseflow_bench_{self.name}"

    @property
    def database_url(self) -> str:
        return f"{DATABASE_HOST}/{self.database}"


# About 300 children a team (a large council has 12,000 open children and 600-800 staff).
SIZES = {
    "tiny": Size("tiny", children=1_200, teams=4, teams_per_area=4, long_edits=60, long_meetings=30),
    "council": Size("council", children=12_000, teams=40, teams_per_area=10),
    "national": Size("national", children=100_000, teams=334, teams_per_area=10),
}
