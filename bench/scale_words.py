"""The words bench/scale_data.py makes its library of: agencies, real and made-up crew, credits,
licences, vehicles, events, places, caption phrases, keywords and titles."""

from __future__ import annotations


def words(text: str) -> list[str]:
    return text.split()


AGENCIES = {
    "NASA": "National Aeronautics and Space Administration",
    "Roscosmos": "State Space Corporation Roscosmos",
    "ESA": "European Space Agency",
    "CSA": "Canadian Space Agency",
    "JAXA": "Japan Aerospace Exploration Agency",
    "Polsa": "Polish Space Agency",
    "ISRO": "Indian Space Research Organisation",
    "HSO": "Hungarian Space Office",
    "MBRSC": "Mohammed bin Rashid Space Centre",
}
REAL_CREW = {
    "NASA": "Serena Auñón-Chancellor, Anne McClain, Jeanette Epps, Kjell Lindgren, Jessica Wittenberg, "
    "Drew Feustel, Ricky Arnold, Nick Hague, Christina Koch, Jessica Meir, Andrew Morgan, Scott Kelly, "
    "Peggy Whitson, Sunita Williams, Butch Wilmore, Kate Rubins, Victor Glover, Shannon Walker, Mike Hopkins, "
    "Raja Chari, Tom Marshburn, Kayla Barron, Bob Hines, Frank Rubio, Jasmin Moghbeli, Loral O'Hara, "
    "Matthew Dominick, Tracy Caldwell Dyson, Nicole Mann, Josh Cassada, Zena Cardman, Mark Vande Hei, "
    "Megan McArthur, Shane Kimbrough, Jonny Kim, José Hernández, Franklin Chang-Díaz, Ellen Ochoa",
    "Roscosmos": "Sergey Prokopyev, Oleg Artemyev, Alexey Ovchinin, Oleg Kononenko, Anton Shkaplerov, "
    "Sergey Ryzhikov, Andrey Babkin, Anna Kikina, Dmitri Petelin, Nikolai Chub, Konstantin Borisenko, "
    "Alexander Skvortsov, Fyodor Yurchikhin, Yelena Serova, Pyotr Dubrov, Aleksandr Misurkin, "
    "Sergey Kud-Sverchkov, Alexander Grebenkin, Alexey Zubritsky",
    "ESA": "Alexander Gerst, Thomas Pesquet, Samantha Cristoforetti, Luca Parmitano, Matthias Maurer, "
    "Andreas Mogensen, Tim Peake, Marcus Wandt, Paolo Nespoli, Frank De Winne, Pedro Duque, Léopold Eyharts",
    "CSA": "David Saint-Jacques, Chris Hadfield, Jeremy Hansen, Jenni Gibbons, Joshua Kutryk, Julie Payette",
    "JAXA": "Soichi Noguchi, Akihiko Hoshide, Koichi Wakata, Norishige Kanai, Satoshi Furukawa, Kimiya Yui, "
    "Takuya Onishi",
    "Polsa": "Sławosz Uznański-Wiśniewski",
    "ISRO": "Shubhanshu Shukla",
    "HSO": "Tibor Kapu",
    "MBRSC": "Sultan Al Neyadi, Hazzaa Al Mansoori",
}
# Pools for the made-up rest of the ~300 crewmembers, by agency.
FIRST = {
    "NASA": words("James Mary Robert Linda Michael Karen Daniel Susan Kevin Laura Brian Megan Eric Rachel Jorge Ana"),
    "Roscosmos": words("Ivan Dmitry Yuri Mikhail Aleksey Pavel Andrei Yelena Olga Tatiana Roman Gennady"),
    "ESA": words("Jean Marco Lucía Søren Björn Matthias François Anja Ulf Chloé Tomasz Inés"),
    "CSA": words("Marc Geneviève Robert Dafydd Steve Jenna"),
    "JAXA": words("Takao Mamoru Naoko Daichi Haruka Kenji"),
}
LAST = {
    "NASA": words(
        "Anderson Brooks Carter Dalton Ellis Foster Garcia Hughes Jensen Keller Lopez Morrison Nguyen "
        "Ortiz Patel Quinn Ramírez Sullivan Turner Underwood Vasquez Whitaker Young"
    ),
    "Roscosmos": words(
        "Volkov Sokolov Lebedev Kozlov Novikov Morozov Zaitsev Orlov Tikhonov Gorbunov Belyaev "
        "Kuznetsov Fedorov Yefremov"
    ),
    "ESA": words("Müller Rossi Fernández Larsen Dubois Schäfer Nowak Öberg Lindqvist Brandão Castellví"),
    "CSA": words("Tremblay Gagnon Roy Côté Bouchard MacLean"),
    "JAXA": words("Yamazaki Tanaka Suzuki Watanabe Ito Kobayashi"),
}
CREDITS = [
    ("Joel Kowsky", "NASA"),
    ("Bill Ingalls", "NASA"),
    ("Victor Zelentsov", "NASA"),
    ("Aubrey Gemignani", "NASA"),
    ("Kim Shiflett", "NASA"),
    ("Norah Moran", "NASA"),
    ("Josh Valcarcel", "NASA"),
    ("Robert Markowitz", "NASA"),
    ("James Blair", "NASA"),
    ("Andrey Shelepin", "GCTC"),
    ("Stephane Corvaja", "ESA"),
    ("Manuel Pedoussaut", "ESA"),
    ("", "Roscosmos"),
    ("", "JAXA"),
    ("", "SpaceX"),
    ("", "NASA"),
]
LICENSES = [
    ("Public domain (NASA media guidelines)", "https://www.nasa.gov/nasa-brand-center/images-and-media/", True),
    ("CC BY-SA 3.0 IGO", "https://creativecommons.org/licenses/by-sa/3.0/igo/", True),
    ("Roscosmos: editorial use only", "https://www.roscosmos.ru/", False),
    ("JAXA terms of use", "https://global.jaxa.jp/policy.html", False),
    ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", True),
]
VEHICLES = ["Soyuz MS-{n:02d}", "Soyuz TMA-{n:02d}M", "Crew Dragon Endeavour", "Space Shuttle Atlantis", "Starliner"]
SERIES = [
    "Expedition {n}",
    "Soyuz MS-{n:02d}",
    "SpaceX Crew-{n}",
    "STS-{n}",
    "Axiom Mission {n}",
    "Progress MS-{n:02d}",
]
EVENTS = [
    "Launch",
    "Landing",
    "Rollout",
    "Crew training",
    "Spacewalk",
    "Docking",
    "Undocking",
    "Splashdown",
    "Winter survival training",
    "Crew news conference",
    "Qualification exams",
    "State commission",
]
LOCATIONS = [
    "Baikonur Cosmodrome, Kazakhstan",
    "Kennedy Space Center, Florida",
    "International Space Station",
    "Johnson Space Center, Houston",
    "Gagarin Cosmonaut Training Center, Star City, Russia",
    "near Dzhezkazgan, Kazakhstan",
    "European Astronaut Centre, Cologne",
    "Tsukuba Space Center, Japan",
    "Vandenberg Space Force Base, California",
    "Neutral Buoyancy Laboratory, Houston",
    "Gulf of Mexico off Pensacola, Florida",
    "",
]
COMMON = words("launch Soyuz station crew spacecraft rocket module hatch docking spacewalk training astronauts")
SUBJECTS = [
    "The Soyuz rocket",
    "The Soyuz spacecraft",
    "The crew",
    "Flight engineers",
    "Ground teams",
    "The station's robotic arm",
    "Recovery teams",
    "The launch team",
]
ACTIONS = [
    "is rolled out by train to the launch pad",
    "waves farewell before boarding",
    "prepares the hatch for docking",
    "works outside the station during a spacewalk",
    "inspects the solar arrays",
    "is lifted into vertical position",
    "checks spacesuits before the launch",
    "poses for a crew portrait in the Cupola",
    "helps the crew out of the capsule after landing",
    "photographs the Earth from the station",
    "tests the robotic arm with the Canadarm2 controllers",
    "reviews procedures in the Destiny laboratory",
]
RARE = words("noctilucent gegenschein sastrugi ptarmigan fulgurite pyrocumulus zodiacal mesosphere")
KEYWORDS = "Soyuz, launch pad, Baikonur, ISS, spacewalk, EVA, Cupola, Earth, aurora, crew portrait, Dragon, training"
TITLES = ["{event}", "{event} preparations", "Making their mark", "{vehicle} {event_lower}", "Expedition {n} crew"]
ROLES = ["Commander", "Soyuz Commander", "Flight Engineer", "Pilot", "Mission Specialist"]
