// The CCCD QR code read in the browser (camera or USB scanner), so a card can be
// scanned without a connection. Same format and rules as lodging/scanning.py and
// lodging/identity.py (the server checks again on registration); the province codes
// and century digits come from the server in the page (#cccd-rules), never retyped.
(function () {
  "use strict";
  const _ = (text) => window.gettext ? window.gettext(text) : text;
  const fmt = (text, values) => window.interpolate
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (match, key) => values[key]);

  let rules = null;
  function loadRules() {
    if (rules) return rules;
    const node = document.getElementById("cccd-rules");
    rules = node ? JSON.parse(node.textContent) : { provinces: [], centuries: {} };
    rules.provinceSet = new Set(rules.provinces);
    return rules;
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }

  function ddmmyyyy(value, label, errors) {
    if (!/^\d{8}$/.test(value)) {
      errors.push(fmt(_("%(label)s must be 8 digits DDMMYYYY, got “%(value)s”."),
        { label, value }));
      return null;
    }
    const day = +value.slice(0, 2), month = +value.slice(2, 4), year = +value.slice(4);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1
        || date.getUTCDate() !== day) {
      errors.push(fmt(_("%(label)s “%(value)s” is not a real date."), { label, value }));
      return null;
    }
    return `${value.slice(4)}-${value.slice(2, 4)}-${value.slice(0, 2)}`;
  }

  // What is wrong with a CCCD number against the sex and birth date read with it.
  function numberProblems(number, sex, birthIso) {
    const { provinceSet, centuries } = loadRules();
    const problems = [];
    const province = number.slice(0, 3);
    if (!provinceSet.has(province)) {
      problems.push(fmt(_("The first three digits (%(code)s) are not a province code."),
        { code: province }));
    }
    const digit = +number[3];
    const cardSex = digit % 2 === 0 ? "M" : "F";
    if (sex && sex !== cardSex) {
      problems.push(fmt(_("The fourth digit (%(digit)s) says %(card_sex)s but the guest is " +
        "entered as %(sex)s."), { digit, card_sex: cardSex === "M" ? _("Male") : _("Female"),
        sex: sex === "M" ? _("Male") : _("Female") }));
    }
    const century = centuries[String(digit)];
    if (birthIso && century !== undefined) {
      const cardYear = century + +number.slice(4, 6);
      const year = +birthIso.slice(0, 4);
      if (cardYear !== year) {
        problems.push(fmt(_("Digits 4 to 6 give birth year %(card_year)s but the date of " +
          "birth is in %(year)s."), { card_year: cardYear, year }));
      }
    }
    return problems;
  }

  // {fields} of a valid code, or {errors} saying what is wrong; never both.
  function parseQr(raw) {
    const text = (raw || "").normalize("NFC").trim();
    if (!text) return { errors: [_("The QR text is empty.")] };
    const parts = text.split("|").map((part) => part.trim());
    if (parts.length < 7) {
      return { errors: [fmt(_("The CCCD QR text has %(count)s fields separated by “|”; " +
        "7 are expected."), { count: parts.length })] };
    }
    const [number, oldNumber, name, birth, sexText, address, issued] = parts;
    const errors = [];
    if (!/^\d{12}$/.test(number)) {
      errors.push(fmt(_("Field 1 (CCCD number) must be 12 digits, got “%(value)s”."),
        { value: number }));
    }
    if (oldNumber && !/^(\d{9}|\d{12})$/.test(oldNumber)) {
      errors.push(fmt(_("Field 2 (old CMND number) must be 9 or 12 digits, got “%(value)s”."),
        { value: oldNumber }));
    }
    if (!name) errors.push(_("Field 3 (full name) is empty."));
    const birthIso = ddmmyyyy(birth, _("Field 4 (date of birth)"), errors);
    const sex = { nam: "M", nu: "F", male: "M", female: "F" }[fold(sexText)];
    if (!sex) {
      errors.push(fmt(_("Field 5 (sex) must be “Nam” or “Nữ”, got “%(value)s”."),
        { value: sexText }));
    }
    const issueIso = ddmmyyyy(issued, _("Field 7 (date of issue)"), errors);
    if (!errors.length) errors.push(...numberProblems(number, sex, birthIso));
    if (birthIso && birthIso > new Date().toISOString().slice(0, 10)) {
      errors.push(_("The date of birth is in the future."));
    }
    if (errors.length) return { errors };
    const { can_cuoc_from: canCuocFrom } = loadRules();
    return {
      fields: {
        document_type: "cccd", document_number: number, full_name: name,
        date_of_birth: birthIso, sex, address, nationality: "VNM",
        card_name: issueIso >= canCuocFrom ? "can_cuoc" : "cccd",
      },
      issueDate: issueIso,
    };
  }

  window.StaysCccd = { parseQr, numberProblems, fold };
})();
