"""The trajectory model: each target's path, its star and the projection worked out once, for every
output to draw."""
from ipmonitor.progress.assessment import build_required_path, compute_assessment
from ipmonitor.progress.projection import project_years
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import load_target_register
from ipmonitor.progress.trajectory import build_trajectory, trajectory_of

REGISTER = load_target_register()
STOCK = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")


def test_the_trajectory_holds_each_targets_path_and_the_projection_from_the_latest_year_to_the_target_year():
    target = REGISTER.target("T1a")
    assessment = compute_assessment(target, STOCK)
    trajectory = build_trajectory(STOCK, [(target, assessment, "KH 151")], kinds={2025: "illustrative"},
                                  sources={2025: ("illustrative-2026",)})
    planned, = trajectory.targets
    assert planned.path == build_required_path(target, assessment)
    assert planned.star == (2030, assessment.target_value)
    assert trajectory.end_year == 2030 and list(trajectory.projection) == list(range(2025, 2031))
    assert trajectory.projection == project_years(STOCK.values, 2030, STOCK.shape)
    # A table's or a file's rows start the projection after the latest figure; the chart's fan at it.
    assert trajectory.projected(2025) is None and trajectory.projected(2026) == trajectory.projection[2026]
    assert trajectory.entries == [(target, assessment, "KH 151")]
    assert (trajectory.kinds, trajectory.sources) == ({2025: "illustrative"}, {2025: ("illustrative-2026",)})


def test_an_indicator_followed_without_a_target_has_no_projection_and_ends_on_its_latest_figure():
    trajectory = build_trajectory(STOCK, [], kinds={})
    assert trajectory.targets == () and trajectory.projection == {} and trajectory.end_year == 2025


def test_a_period_total_has_its_yearly_average_as_its_path_and_no_star():
    target = REGISTER.target("T1b")
    series = IndicatorSeries.reported({year: 500 for year in range(2011, 2024)}, "can_tho_former")
    planned, = build_trajectory(series, [(target, compute_assessment(target, series), "KH 151")], kinds={}).targets
    assert planned.path.kind == "average" and planned.star is None


def test_the_targets_are_named_by_their_plans_short_name_in_the_readers_language():
    target = REGISTER.target("T1a")
    result = TargetResult(target.id, target.plan, target.indicator, False, compute_assessment(target, STOCK), STOCK)
    for lang in ("vi", "en"):
        planned, = trajectory_of(STOCK, [result], REGISTER, lang, kinds={}).targets
        assert planned.plan_label == REGISTER.plan_name(target.plan, lang, short=True)
