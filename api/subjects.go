package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
)

const subjectTag = "Personal data"

// Eraser erases a data subject's personal data (commands.Erasure).
type Eraser interface {
	Erase(ctx context.Context, m commands.Meta, subjectID string) (commands.Result, error)
}

func subjectRoutes(s *Server, rt *routes) {
	command(rt, "/subjects/{id}/erasure", subjectTag,
		"Erase a person's personal data (HR or AUDITOR, reason required): the key of a key person "+
			"(contact:<customer id>:<contact id>) or an employee (employee:<employee id>) is destroyed, "+
			"and every view shows the fields as \"[erased]\"; a second erasure is 409", s.eraseSubject)
}

// EraseSubjectRequest asks for a person's erasure; the envelope's reason
// (the request, its reference) is required.
type EraseSubjectRequest struct {
	Envelope
}

func (s *Server) eraseSubject(ctx context.Context, m commands.Meta, id string, _ EraseSubjectRequest) (commands.Result, error) {
	if s.Erasure == nil { // no keys: scrub what can be scrubbed
		return s.Commands.Erasure(commands.NoEncryption{}).Erase(ctx, m, id)
	}
	return s.Erasure.Erase(ctx, m, id)
}
