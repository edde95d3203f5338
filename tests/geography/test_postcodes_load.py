"""`lawful postcodes load`: the NSPL in its published layout, all or nothing."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lawful.geography.loading import LoadError, load_postcodes
from lawful.geography.models import Area, Postcode
from lawful.geography.services import area_name, people_in_area
from lawful.people.services import PostalAddress, create_person

NSPL = Path(__file__).resolve().parent.parent / "fixtures" / "nspl"
LOOKUP = NSPL / "NSPL_TEST_UK.csv"
WARDS = NSPL / "Ward_names_and_codes_UK_as_at_05_24.csv"
PCONS = NSPL / "Westminster_Parliamentary_Constituency_names_and_codes_UK_as_at_07_24.csv"


@pytest.fixture
def loaded(db):
    return load_postcodes(LOOKUP, wards=WARDS, constituencies=PCONS)


def test_it_loads_each_postcode_with_its_ward_and_constituency(loaded):
    assert loaded.postcodes == 5
    row = Postcode.objects.get(postcode="EX17 6BA")
    assert (row.ward_code, row.constituency_code) == ("E05012346", "E14001234")
    assert Postcode.objects.get(postcode="AB1 0AA").terminated == "199606"
    assert area_name(Area.Kind.WARD, "E05012345") == "Northgate"
    assert area_name(Area.Kind.CONSTITUENCY, "E14001234") == "Central Devon"
    assert (loaded.wards, loaded.constituencies) == (4, 3)


def test_the_command_prints_what_it_loaded(db, capsys):
    call_command("postcodes", "load", str(LOOKUP), "--wards", str(WARDS))
    assert "Loaded 5 postcodes, 4 ward names" in capsys.readouterr().out


def test_a_second_load_replaces_the_first(loaded, tmp_path):
    smaller = tmp_path / "nspl.csv"
    lines = LOOKUP.read_text().splitlines()
    smaller.write_text("\n".join(lines[:2]) + "\n")
    assert load_postcodes(smaller).postcodes == 1
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["AB1 0AA"]


def test_the_newer_column_names_are_read_too(db, tmp_path):
    path = tmp_path / "nspl.csv"
    path.write_text(
        "pcd7,pcd8,pcds,doterm,wd25cd,pcon24cd\nEX176AA,EX17 6AA,EX17 6AA,,E05012345,E14001234\n"
    )
    load_postcodes(path)
    assert Postcode.objects.get(postcode="EX17 6AA").ward_code == "E05012345"


def test_bad_lines_are_named_and_nothing_is_written(loaded, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    lines = LOOKUP.read_text().splitlines()
    cells = lines[2].split(",")
    cells[2] = "NOT A CODE"  # pcds
    lines[2] = ",".join(cells)
    lines[3] = lines[3].replace("E05012345", "WARD5", 1)
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError):
        call_command("postcodes", "load", str(bad))
    err = capsys.readouterr().err
    assert f"{bad}:3: pcds: 'NOT A CODE' is not a UK postcode" in err
    assert f"{bad}:4: ward 'WARD5' is not an ONS code" in err
    assert Postcode.objects.count() == 5  # the earlier load stands


def test_a_postcode_given_twice_is_named(db, tmp_path):
    path = tmp_path / "twice.csv"
    lines = LOOKUP.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(LoadError) as caught:
        load_postcodes(path)
    assert caught.value.problems == [f"{path}:7: postcode 'AB1 0AA' is in the file twice"]
    assert not Postcode.objects.exists()


def test_a_file_without_the_columns_is_refused(db, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("postcode,name\nEX17 6AA,x\n")
    with pytest.raises(LoadError) as caught:
        load_postcodes(path)
    assert "no a postcode column" in caught.value.problems[0]
    assert caught.value.problems[0].startswith(f"{path}:1:")


def test_people_are_found_by_the_ward_and_constituency_of_their_postcode(loaded, org):
    def resident(given, postcode):
        return create_person(
            organisation=org,
            actor=None,
            given_name=given,
            family_name="Test",
            postal=PostalAddress("1 High Street", postcode),
        )

    north = resident("North", "ex17 6aa")
    south = resident("South", "EX176BA")
    resident("London", "SW1A 1AA")
    create_person(organisation=org, actor=None, given_name="No", family_name="Address")
    assert set(people_in_area(org, ward="E05012345")) == {north}
    assert set(people_in_area(org, constituency="e14001234")) == {north, south}
    assert set(people_in_area(org, ward="E05012346", constituency="E14001234")) == {south}


def test_another_organisations_people_are_never_in_its_area(loaded, org, other_org):
    create_person(
        organisation=other_org,
        actor=None,
        given_name="Elsewhere",
        family_name="Test",
        postal=PostalAddress("1 High Street", "EX17 6AA"),
    )
    assert not people_in_area(org, ward="E05012345").exists()
