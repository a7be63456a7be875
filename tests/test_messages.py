"""Messages in the analyst's terms, for the mistakes the data-file cases (tests/cases/invalid) cannot show
alone: a broken file among others, an actor named only in a position, a quote against a source with dashes."""

from __future__ import annotations

from conftest import ALPHA_BRIEFING, invoke


def test_a_yaml_syntax_error_sets_off_no_unused_entry_warnings(make_project):
    """The only briefing that names the actors cannot be read: its error is printed, and not a warning that
    each actor and event it names is unused."""
    broken = ALPHA_BRIEFING.replace("    role: Minister\n    cite: 3", "    role: Minister: foreign affairs\n    cite: 3")
    root = make_project(briefings={"alpha-statement.yaml": broken})
    result = invoke("validate", "--project", str(root))
    assert result.exit_code == 1
    assert "briefings/alpha-statement.yaml:12:19: yaml-syntax: a colon followed by a space" in result.stderr
    assert "unused-actor" not in result.stderr and "unused-event" not in result.stderr


def test_a_briefing_that_cannot_be_read_sets_off_nothing_in_the_registry_texts_that_cite_it(make_project):
    """A registry description citing the broken briefing (with words in quotation marks) gets no
    unknown-source error and no quotation-not-in-source warning: the briefing's own error is the one."""
    broken = ALPHA_BRIEFING.replace("    role: Minister\n    cite: 3", "    role: Minister: foreign affairs\n    cite: 3")
    more = ("actors:\n  ghost:\n    name: Ghost\n    kind: person\n"
            "    description: Called \"the minister\" in the statement.\n"
            "    description_cite: [{source: alpha-statement, cite: [3]}]\n")
    root = make_project(briefings={"alpha-statement.yaml": broken}, registry={"more.yaml": more})
    result = invoke("validate", "--project", str(root))
    assert result.exit_code == 1 and "yaml-syntax" in result.stderr
    assert "unknown-source" not in result.stderr and "quotation-not-in-source" not in result.stderr, result.stderr
    # a citation of a document that does not exist at all is still an error
    root = make_project(name="typo", registry={"more.yaml": more.replace("alpha-statement", "alpha-statment")})
    result = invoke("validate", "--project", str(root))
    assert "unknown-source: no document 'alpha-statment'" in result.stderr


def test_unused_entries_are_still_reported_when_every_briefing_reads(make_project):
    root = make_project(registry={"more.yaml": "actors:\n  ghost:\n    name: Ghost\n    kind: person\n"
                                               "    description: Absent.\n"})
    result = invoke("check", "--project", str(root))
    assert "briefings/registry/more.yaml:2:3: warning: unused-actor" in result.stderr


def test_an_actor_named_only_in_a_position_is_not_said_to_be_listed(make_project):
    more = "actors:\n  ghost:\n    name: Ghost\n    kind: person\n    description: Absent.\n"
    briefing = ALPHA_BRIEFING + ("positions:\n  - actor: ghost\n    issue: talks\n    stance: For talks.\n"
                                 "    cite: 3\n")
    root = make_project(registry={"more.yaml": more}, briefings={"alpha-statement.yaml": briefing})
    result = invoke("validate", "--project", str(root))
    line = next(ln for ln in result.stderr.splitlines() if "mention-not-found" in ln)
    assert line.startswith("briefings/alpha-statement.yaml:32:12: warning: mention-not-found: actor 'ghost' "
                           "is named in a position but none of its names occurs in alpha.txt")
    assert "listed" not in line


def test_a_quote_with_a_hyphen_for_the_source_dash_is_shown_the_source_words(make_project):
    seed = "Title\n\nThe minister said: “Talks – and only talks – will end this war.”\n"
    briefing = (ALPHA_BRIEFING.split("actors:\n")[0].replace("cite: 2", "cite: 1")
                + "quotes:\n  - speaker: ada-vance\n    text: Talks - and only talks - will end this war.\n"
                  "    cite: 2\n")
    root = make_project(seeds={"alpha.txt": seed}, briefings={"alpha-statement.yaml": briefing})
    result = invoke("validate", "--project", str(root))
    line = next(ln for ln in result.stderr.splitlines() if "quote-not-in-source" in ln)
    assert "nearest, in paragraph 2: '“Talks – and only talks – will end this war.”'" in line
    assert "(only the quotation marks or dashes differ" in line


def test_a_quote_that_is_another_sentence_gets_no_nearest_passage(make_project):
    briefing = ALPHA_BRIEFING.replace("text: We will keep talking until there is peace.",
                                      "text: Nothing of the kind was ever said by anyone here.")
    root = make_project(briefings={"alpha-statement.yaml": briefing})
    result = invoke("validate", "--project", str(root))
    line = next(ln for ln in result.stderr.splitlines() if "quote-not-in-source" in ln)
    assert "nearest" not in line


def test_a_broken_registry_file_sets_off_no_unknown_actor_errors_for_what_it_defines(make_project):
    from conftest import ACTORS_YAML
    broken = ACTORS_YAML.replace("description: A state that hosts talks.", "description: [broken")
    root = make_project(registry={"actors.yaml": broken})
    result = invoke("validate", "--project", str(root))
    assert result.exit_code == 1
    printed = [line for line in result.stderr.splitlines() if line.startswith("briefings/")]
    assert len(printed) == 1 and printed[0].startswith("briefings/registry/actors.yaml:6:18: yaml-syntax: a list "
                                                       "opened here with [ is not closed with ]"), printed
    # a reference to an actor the broken file does not define is still reported
    root = make_project(name="other", registry={"actors.yaml": broken},
                        briefings={"alpha-statement.yaml": ALPHA_BRIEFING.replace("speaker: ada-vance",
                                                                                  "speaker: nobody")})
    result = invoke("validate", "--project", str(root))
    assert "unknown-actor: no actor 'nobody'" in result.stderr


def test_an_entry_that_fails_validation_sets_off_no_unknown_actor_errors(make_project):
    from conftest import ACTORS_YAML
    root = make_project(registry={"actors.yaml": ACTORS_YAML.replace("kind: person", "kind: wizard")})
    result = invoke("validate", "--project", str(root))
    printed = [line for line in result.stderr.splitlines() if line.startswith("briefings/")]
    assert len(printed) == 1 and printed[0].startswith("briefings/registry/actors.yaml:9:11: bad-value: "
                                                       "actors.ada-vance.kind: 'wizard' is not allowed"), printed


def test_a_number_with_two_commas_is_one_message_and_a_real_field_000_is_not_taken_for_one():
    from briefbook.corpus import models as m
    from briefbook.corpus.loading import load_yaml_text
    from briefbook.corpus.validation import validate_model
    located, _ = load_yaml_text("{value: 1,234,567, of: countries, cite: 4}\n", "f.yaml")
    (problem,) = validate_model(located, m.Count)[1]
    assert problem.code == "comma-in-number" and "1,234,567 was read as 1" in problem.message
    assert "(value: 1234567)" in problem.message
    located, _ = load_yaml_text("{value: 5, 000: 1, of: countries, cite: 4}\n", "f.yaml")
    assert [p.code for p in validate_model(located, m.Count)[1]] == ["unknown-field"]
