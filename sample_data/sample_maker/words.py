"""Word lists the generator draws from: company-name parts and the comments of NPS, CSAT and CES answers."""
from __future__ import annotations

NAME_A = (
    "Blue", "North", "Summit", "Cedar", "Harbor", "Maple", "Silver", "Granite", "Copper", "Willow", "Pioneer",
    "Lakeside", "Redwood", "Bright", "Sterling", "Evergreen", "Oak", "Falcon", "Meridian", "Prairie", "Coastal",
    "Aspen", "Keystone", "Riverbend", "Ironwood", "Juniper", "Beacon", "Horizon", "Crescent", "Highland",
    "Orchard", "Sunrise", "Atlas", "Brook", "Canyon", "Clearwater", "Fairview", "Golden", "Hillcrest", "Liberty",
    "Magnolia", "Northstar", "Pinecrest", "Quarry", "Rockport", "Sequoia", "Tidewater", "Union", "Valley", "Westfield",
)
NAME_B = (
    "Logistics", "Dental", "Bakery", "Analytics", "Outfitters", "Builders", "Legal", "Realty", "Fitness", "Foods",
    "Labs", "Consulting", "Marketing", "Apparel", "Clinics", "Supply", "Studios", "Brewing", "Freight", "Insurance",
    "Pharmacy", "Solar", "Media", "Travel", "Motors", "Roofing", "Accounting", "Veterinary", "Events", "Print",
    "Software", "Wellness", "Interiors", "Staffing", "Energy", "Coffee", "Hardware", "Learning", "Home Care", "Optics",
)
NAME_C = ("LLC", "Inc.", "Co.", "Group", "Partners", "", "", "Ltd.")




NPS_COMMENTS = {
    "promoter": (
        "Love the dashboards, the whole team uses them every morning.",
        "Support is fast and friendly.",
        "Saves us hours every week on reporting.",
        "Our CSM really understands our business.",
        "Easy to set up and the connectors just work.",
        "Best analytics tool we have tried.",
        "The alerts caught a problem before our customers did.",
        "Great value for the price.",
        "Forecasting is a game changer for our planning.",
        "Onboarding was smooth, we were live in two weeks.",
    ),
    "passive": (
        "Good product, a few reports are slow.",
        "Does what we need, the UI could be simpler.",
        "Fine overall, would like more export options.",
        "Solid, but pricing for more seats is steep.",
        "Works well once set up; setup took a while.",
        "Decent. Missing a couple of connectors we need.",
        "Happy enough, documentation could be better.",
    ),
    "detractor": (
        "Too many outages lately.",
        "Reports are often wrong after the data sync.",
        "Support takes days to answer.",
        "Too expensive for what we use.",
        "We never managed to connect our CRM.",
        "The July outage cost us a week of reporting.",
        "Hard to learn, our team stopped using it.",
        "Billing mistakes two months in a row.",
    ),
}
CSAT_COMMENTS = {
    "good": ("Quick fix, thanks!", "Very helpful agent.", "Solved on the first call.", "Clear explanation.",
             "Great service as always."),
    "bad": ("Took far too long.", "Had to explain the problem three times.", "Still not fixed.",
            "Nobody followed up.", "The answer did not help."),
}
CES_COMMENTS = {
    "easy": ("Setup was painless.", "The onboarding checklist made it easy.", "Connectors worked first time.",
             "Our CSM walked us through everything."),
    "hard": ("Took much longer than expected.", "Data import was confusing.", "Too many steps to connect our data.",
             "We needed several calls to get started."),
}
