-- EJP peak days ("jours de pointe mobile", ~22 a year between November and March): their peak hours run 07:00 -> 01:00
-- the next morning, local time; a day is labelled with the date it starts. From an imported calendar
-- (`ecofoyer tariff ejp`) or learnt from the meters themselves (PTEC = PM.., PEJP notice). One national calendar:
-- EDF's four EJP zones are not told apart.
CREATE TABLE ejp_day (
    day date PRIMARY KEY
);
