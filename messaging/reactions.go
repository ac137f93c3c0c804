package messaging

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
)

// PoisonTopic receives messages a reaction failed on after its retries.
// It lives in the in-process pub/sub only, so nothing stored names it.
const PoisonTopic = "reactions.poison"

// NewRouter returns a watermill router that runs the reactions of h on
// messages from sub, with panics recovered, failures retried with backoff
// and messages that still fail moved to PoisonTopic on pub.
func NewRouter(h *commands.Reactions, codec *eventstore.Codec, sub message.Subscriber, pub message.Publisher, log *slog.Logger) (*message.Router, error) {
	logger := Logger(log)
	r, err := message.NewRouter(message.RouterConfig{CloseTimeout: 10 * time.Second}, logger)
	if err != nil {
		return nil, err
	}
	poison, err := middleware.PoisonQueue(pub, PoisonTopic)
	if err != nil {
		return nil, err
	}
	r.AddMiddleware(poison, middleware.Retry{MaxRetries: 3, InitialInterval: 100 * time.Millisecond,
		Multiplier: 2, Logger: logger}.Middleware, middleware.Recoverer)
	p := reactions{h: h, codec: codec, log: log}
	r.AddConsumerHandler("MarkCustomerCooperatingOnContractSigned", Topic("contract.signed"), sub, p.markCooperating)
	r.AddConsumerHandler("RaiseDelayIssueOnOrderDelayed", Topic("order.delivery_delayed"), sub, p.raiseDelayIssue)
	return r, nil
}

// reactions turn each message into the command its event calls for.
type reactions struct {
	h     *commands.Reactions
	codec *eventstore.Codec
	log   *slog.Logger
}

func (p reactions) markCooperating(msg *message.Message) error {
	e, err := p.decode(msg)
	if err != nil {
		return err
	}
	signed, ok := e.(contract.Signed)
	if !ok {
		return fmt.Errorf("message %s is %T, want contract.Signed", msg.UUID, e)
	}
	_, err = p.h.MarkCustomerCooperatingOnContractSigned(msg.Context(), cause(msg), signed)
	return err
}

// raiseDelayIssue tracks a late delivery on the order's contract (K9). A
// contract that takes no issues (unsigned, terminated, completed) refuses
// with a rejection no retry can change, so the message is acked and the
// skip logged; any other error is retried, then poisoned.
func (p reactions) raiseDelayIssue(msg *message.Message) error {
	e, err := p.decode(msg)
	if err != nil {
		return err
	}
	delayed, ok := e.(order.DeliveryDelayed)
	if !ok {
		return fmt.Errorf("message %s is %T, want order.DeliveryDelayed", msg.UUID, e)
	}
	_, err = p.h.RaiseDelayIssueOnOrderDelayed(msg.Context(), cause(msg), delayed)
	if errors.Is(err, domain.ErrRejected) {
		p.log.InfoContext(msg.Context(), "reaction RaiseDelayIssueOnOrderDelayed: nothing to do",
			"event_id", msg.UUID, "order_id", delayed.OrderID, "reason", err.Error())
		return nil
	}
	return err
}

// decode turns a forwarded message back into its domain event, upcasting
// older schema versions through the codec.
func (p reactions) decode(msg *message.Message) (domain.Event, error) {
	v, _ := strconv.Atoi(msg.Metadata.Get(MetaSchemaVersion))
	return p.codec.Decode(msg.Metadata.Get(MetaEventType), v, msg.Payload)
}

func cause(msg *message.Message) commands.Cause {
	return commands.Cause{EventID: msg.UUID, CorrelationID: msg.Metadata.Get(MetaCorrelationID)}
}
