package messaging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
)

// PoisonTopic is the topic poisoned messages are published to on the
// poison publisher given to NewRouter (a PoisonStore keeps them in
// PostgreSQL, whichever bus carries the reactions).
const PoisonTopic = "reactions.poison"

// NewRouter returns a watermill router that runs the reactions of h on
// messages from sub, with panics recovered, failures retried with backoff
// and messages that still fail published to PoisonTopic on poison. A
// malformed message (one no retry can decode) goes to poison at once.
func NewRouter(h *commands.Reactions, codec *eventstore.Codec, sub message.Subscriber, poison message.Publisher, log *slog.Logger) (*message.Router, error) {
	logger := Logger(log)
	r, err := message.NewRouter(message.RouterConfig{CloseTimeout: 10 * time.Second}, logger)
	if err != nil {
		return nil, err
	}
	poisoned, err := middleware.PoisonQueue(poison, PoisonTopic)
	if err != nil {
		return nil, err
	}
	r.AddMiddleware(poisoned, middleware.Retry{MaxRetries: 3, InitialInterval: 100 * time.Millisecond,
		Multiplier: 2, Logger: logger}.Middleware, parkMalformed(poison), middleware.Recoverer)
	p := reactions{codec: codec, log: log}
	for _, rc := range []reaction{
		{"MarkCustomerCooperatingOnContractSigned", contract.Signed{}, on(p, h.MarkCustomerCooperatingOnContractSigned)},
		{"RaiseDelayIssueOnOrderDelayed", order.DeliveryDelayed{}, on(p, h.RaiseDelayIssueOnOrderDelayed)},
		{"RouteComplaintAtReceipt", complaint.Received{}, on(p, h.RouteComplaintAtReceipt)},
		{"OpenHandoverTasksOnDeparture", employee.DepartureInitiated{}, on(p, h.OpenHandoverTasksOnDeparture)},
	} {
		r.AddConsumerHandler(rc.name, Topic(rc.trigger.EventType()), sub, rc.handle)
	}
	return r, nil
}

// reaction is one event → command reaction: its name (the handler's, in
// logs and in the poison queue), the event that triggers it and its
// handler.
type reaction struct {
	name    string
	trigger domain.Event
	handle  message.NoPublishHandlerFunc
}

// reactions turn each message into the command its event calls for.
type reactions struct {
	codec *eventstore.Codec
	log   *slog.Logger
}

// on is the handler of a reaction issuing command for events of type E.
// A decision that refuses (domain.ErrRejected: a contract that takes no
// issue, a complaint already routed elsewhere) is final: no retry can
// change it, so the message is acked and the refusal logged. Any other
// error is retried, then poisoned; a message that is not an E, or cannot
// be decoded, is malformed.
func on[E domain.Event](p reactions, command func(context.Context, commands.Cause, E) (commands.Result, error)) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		e, err := p.decode(msg)
		if err != nil {
			return malformed{err}
		}
		event, ok := e.(E)
		if !ok {
			return malformed{fmt.Errorf("message %s is %T, want %T", msg.UUID, e, event)}
		}
		_, err = command(msg.Context(), cause(msg), event)
		if errors.Is(err, domain.ErrRejected) {
			p.log.InfoContext(msg.Context(), "reaction: nothing to do", "reaction", message.HandlerNameFromCtx(msg.Context()),
				"event_id", msg.UUID, "reason", err.Error())
			return nil
		}
		return err
	}
}

// decode turns a forwarded message back into its domain event, upcasting
// older schema versions through the codec.
func (p reactions) decode(msg *message.Message) (domain.Event, error) {
	v, err := strconv.Atoi(msg.Metadata.Get(MetaSchemaVersion))
	if err != nil {
		return nil, fmt.Errorf("message %s: schema version %q: %w", msg.UUID, msg.Metadata.Get(MetaSchemaVersion), err)
	}
	return p.codec.Decode(msg.Metadata.Get(MetaEventType), v, msg.Payload)
}

func cause(msg *message.Message) commands.Cause {
	return commands.Cause{EventID: msg.UUID, CorrelationID: msg.Metadata.Get(MetaCorrelationID)}
}
