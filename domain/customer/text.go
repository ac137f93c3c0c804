package customer

import "github.com/opsledger/opsledger/domain"

// The texts of the file's inputs, named as the API names them
// (§2.5-text): each decision holds them to their kinds with
// domain.CheckTexts before anything else.

func (k KeyContact) texts() []domain.FieldText {
	p := k.Personal
	return []domain.FieldText{
		domain.Text("contact_id", k.ContactID), domain.Text("role_in_org", string(k.RoleInOrg)),
		domain.Text("personal.name", p.Name), domain.Text("personal.gender", p.Gender),
		domain.Text("personal.contact_details", p.ContactDetails), domain.Text("personal.age_bracket", p.AgeBracket),
		domain.Text("personal.native_place", p.NativePlace), domain.Text("personal.social_relations", p.SocialRelations),
		domain.Text("personal.ability", p.Ability), domain.Text("personal.background", p.Background),
		domain.Text("personal.personality", p.Personality),
	}
}

// scoreTexts are the survey's questions, the keys of its scores: the API
// holds a map's keys to codes, and so does the file.
func (s SurveyResult) scoreTexts() []domain.FieldText {
	var texts []domain.FieldText
	for _, q := range sortedKeys(s.Scores) {
		texts = append(texts, domain.Text("scores", q))
	}
	return texts
}
