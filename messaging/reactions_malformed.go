package messaging

import (
	"errors"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
)

// malformed is the error of a message no reaction can ever read: its
// payload does not decode, or it is not the event its topic carries.
type malformed struct{ err error }

func (m malformed) Error() string { return "malformed message: " + m.err.Error() }
func (m malformed) Unwrap() error { return m.err }

// parkMalformed publishes a malformed message to PoisonTopic on poison at
// once, with the same metadata the poison queue middleware writes, and
// acks it: retrying cannot decode it, and holding it would stop the
// messages behind it.
func parkMalformed(poison message.Publisher) message.HandlerMiddleware {
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			out, err := h(msg)
			var bad malformed
			if !errors.As(err, &bad) {
				return out, err
			}
			parked := msg.Copy()
			parked.Metadata.Set(middleware.ReasonForPoisonedKey, bad.Error())
			parked.Metadata.Set(middleware.PoisonedTopicKey, message.SubscribeTopicFromCtx(msg.Context()))
			parked.Metadata.Set(middleware.PoisonedHandlerKey, message.HandlerNameFromCtx(msg.Context()))
			parked.Metadata.Set(middleware.PoisonedSubscriberKey, message.SubscriberNameFromCtx(msg.Context()))
			if err := poison.Publish(PoisonTopic, parked); err != nil {
				return nil, err // not parked: retried as any failure
			}
			return nil, nil
		}
	}
}
