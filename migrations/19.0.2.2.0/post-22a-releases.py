"""Releases of information need the survivor's signature to gate referrals
(on screen or on paper). Releases recorded before signatures were kept were
recorded from signed paper forms: they count as signed on paper."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE safety_consent
           SET is_signed_on_paper = TRUE, is_signed = TRUE
         WHERE NOT is_signed_on_paper AND NOT COALESCE(is_signed, FALSE)
        """
    )
