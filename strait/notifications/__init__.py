"""Notifications: what happened for a user (an urgent request arrived, a check waits for a
decision, a message did not reach its partner), shown in the open page without reload and, for
the topics the user chose, sent by e-mail. Other apps create them from their own actions and
handlers through ``actions.notify``; this app names none of them."""
