"""A plain-Python reference of gigsim's monthly step: loops over months AND creators, no numpy
arithmetic, no random numbers of its own (it consumes the same pre-drawn noise as the engine).

It is deliberately written the slow, obvious way so that it can be read line by line against the
model's description; tests check that the vectorised engine gives the same numbers, and
``python -m gigsim.bench`` times it to report the engine's speed-up.
"""
from __future__ import annotations

import math

STRATEGIES = ("subcontract", "content_first", "hybrid")


def planned_share(strategy, month, sp):
    if strategy == "subcontract":
        return 0.0
    if strategy == "content_first":
        return 1.0
    a, b = sp.hybrid_initial_content_share, sp.hybrid_final_content_share
    if month < sp.hybrid_switch_month:
        return a
    if sp.hybrid_ramp_months == 0:
        return b
    done = min(1.0, (month - sp.hybrid_switch_month + 1) / sp.hybrid_ramp_months)
    return a + (b - a) * done


def fee(amount, schedule):
    """The platform's fee on one contract, bracket by bracket."""
    amount = max(amount, 0.0)
    if len(set(schedule.rates)) == 1:
        return amount * schedule.rates[0]
    edges = [0.0, *schedule.thresholds_jpy]
    total = 0.0
    for k, rate in enumerate(schedule.rates):
        part = amount - edges[k]
        if k + 1 < len(edges):
            part = min(part, edges[k + 1] - edges[k])
        total += rate * max(part, 0.0)
    return total


def new_creator(scenario, savings):
    k = scenario.subcontract.max_clients
    return dict(demand=[0.0] * k, left=[0] * k, experience=0.0, catalogue=0.0, followers=0.0,
                ring=[0.0] * 12, watch=0.0, partner=False, savings=savings, out=False, out_month=-1)


def constants(scenario):
    """Numbers the monthly step uses that do not change (looked up once, as plain Python would)."""
    kind = scenario.content.kind
    schedule = scenario.subcontract.fee_schedule
    return dict(retention=float(kind.retention_per_month), kind=kind, schedule=schedule,
                flat=len(set(schedule.rates)) == 1)


def creator_month(c, month, share, skill, luck, offers, scenario, k=None):
    """One creator, one month. ``offers`` is a list of (hours_per_month, lifetime_months)."""
    sp, sub, mon, con, pop = (scenario.strategy, scenario.subcontract, scenario.monetise,
                              scenario.content, scenario.population)
    k = constants(scenario) if k is None else k
    hours = sp.hours_per_week * (52.0 / 12.0)
    my_share = 0.0 if c["out"] else share
    content_hours = hours * my_share
    sub_hours = hours - content_hours

    # --- subcontracting: clients, hours, rate, fee
    slots = len(c["demand"])
    if sub_hours <= 0:
        c["demand"] = [0.0] * slots
        c["left"] = [0] * slots
    else:
        for hours_wanted, lifetime in offers:
            for s in range(slots):
                if c["left"][s] <= 0:
                    c["demand"][s] = hours_wanted
                    c["left"][s] = lifetime
                    break
    demanded = 0.0
    for d in c["demand"]:
        demanded += d
    worked = min(demanded, sub_hours)
    gap = sub.rate_ceiling_jpy_per_hour - sub.start_rate_jpy_per_hour
    rate = sub.rate_ceiling_jpy_per_hour - gap * math.exp(c["experience"] * (-1.0 / sub.experience_scale_hours))
    rate = rate * skill ** sub.rate_skill_exponent * (1.0 - sub.price_pressure_per_month) ** month
    gross = worked * rate
    schedule = k["schedule"]
    if k["flat"]:
        sub_income = gross * (1.0 - schedule.rates[0])
    else:
        per_hour = gross / demanded if demanded > 0 else 0.0
        fees = 0.0
        for d in c["demand"]:
            fees += fee(d * per_hour, schedule)
        sub_income = gross - fees
    for s in range(slots):
        c["left"][s] -= 1
        if c["left"][s] <= 0:
            c["demand"][s] = 0.0
    c["experience"] += worked

    # --- content: services first, then new pieces, views, followers
    kind = k["kind"]
    followers = c["followers"]
    svc = min(followers * (mon.service_hours_per_1000_followers / 1000.0),
              content_hours * mon.service_max_share_of_hours)
    make = content_hours - svc
    c["catalogue"] = c["catalogue"] * k["retention"] + make * (1.0 / con.hours_per_piece)
    boost = (followers * (1.0 / pop.advantage_scale_followers) + 1.0) ** pop.advantage_exponent
    content_skill = skill
    learn = sp.content_skill_gain_per_subcontract_year
    if learn > 0:   # what the foothold teaches: client hours so far, in years of 52 weeks at the plan's hours
        year_hours = sp.hours_per_week * 52.0
        years = min(c["experience"] / year_hours, sp.content_skill_gain_max_years) if year_hours > 0 else 0.0
        content_skill = skill * (1.0 + learn * years)
    views = c["catalogue"] * kind.reach_views_per_piece_per_month * content_skill * boost * luck
    ceiling = pop.audience_ceiling_followers
    gain = math.expm1(views * (-kind.conversion_followers_per_view / ceiling)) * (followers - ceiling)
    followers = followers * kind.loyalty_per_month + gain
    c["followers"] = followers

    # --- money from the audience
    watched = views * (mon.watch_minutes_per_view / 60.0)
    slot = month % 12
    c["watch"] += watched - c["ring"][slot]
    c["ring"][slot] = watched
    if followers >= mon.ypp_min_followers and c["watch"] >= mon.ypp_min_watch_hours_12m:
        c["partner"] = True
    ads = views * (mon.rpm_jpy / 1000.0) if c["partner"] else 0.0
    products = 0.0
    if followers >= mon.product_min_followers:
        products = followers * (mon.paying_fan_share * mon.profit_jpy_per_fan_per_year / 12.0)
    services = svc * mon.service_rate_jpy_per_hour
    income = sub_income + ads + products + services

    # --- savings and the running-out rule
    c["savings"] += income - sp.living_cost_jpy_per_month
    if c["savings"] < 0 and not c["out"]:
        c["out"] = True
        c["out_month"] = month
    return income


def offers_by_creator(noise_month):
    """Split one month's client offers into a list per creator, in the order drawn."""
    arrivals = [int(a) for a in noise_month.clients.arrivals]
    hours = [float(h) for h in noise_month.clients.hours_per_month]
    lifetimes = [int(x) for x in noise_month.clients.lifetimes_months]
    out, pos = [], 0
    for a in arrivals:
        out.append(list(zip(hours[pos:pos + a], lifetimes[pos:pos + a])))
        pos += a
    return out


def reference_strategies(scenario, skill, month_noise, months, strategies=STRATEGIES):
    """Income[strategy][month][creator] and out_month[strategy][creator], the slow way."""
    skill = [float(s) for s in skill]
    n = len(skill)
    creators = {s: [new_creator(scenario, float(scenario.strategy.starting_savings_jpy)) for _ in range(n)]
                for s in strategies}
    income = {s: [] for s in strategies}
    k = constants(scenario)
    for month in range(months):
        noise = month_noise[month]
        luck = [float(x) for x in noise.luck]
        offers = offers_by_creator(noise)
        for s in strategies:
            share = planned_share(s, month, scenario.strategy)
            row = []
            for i in range(n):
                row.append(creator_month(creators[s][i], month, share, skill[i], luck[i], offers[i], scenario, k))
            income[s].append(row)
    out_month = {s: [c["out_month"] for c in creators[s]] for s in strategies}
    return income, out_month


def reference_population(scenario, skill, luck_by_month, hours_per_month):
    """Views[month][creator] of a content-only population, the slow way."""
    con, pop = scenario.content, scenario.population
    kind = con.kind
    retention = float(kind.retention_per_month)
    n = len(skill)
    catalogue, followers = [0.0] * n, [0.0] * n
    views_out = []
    for luck in luck_by_month:
        row = []
        for i in range(n):
            catalogue[i] = catalogue[i] * retention + hours_per_month * (1.0 / con.hours_per_piece)
            boost = (followers[i] * (1.0 / pop.advantage_scale_followers) + 1.0) ** pop.advantage_exponent
            views = catalogue[i] * kind.reach_views_per_piece_per_month * float(skill[i]) * boost * float(luck[i])
            ceiling = pop.audience_ceiling_followers
            gain = math.expm1(views * (-kind.conversion_followers_per_view / ceiling)) * (followers[i] - ceiling)
            followers[i] = followers[i] * kind.loyalty_per_month + gain
            row.append(views)
        views_out.append(row)
    return views_out
