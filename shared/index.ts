export * from './money';
export * from './city-time';
export * from './text';
export * from './ids';
export * from './schema-helpers';
export * from './events';
export * from './protocol';
export * from './host';
export * from './ipc-channels';
export * from './ipc';
export * from './catalogue';
export * from './csv';
export * from './forms';
export * from './closeout';
export * from './zoned-input';
export * from './follow-up';
export * from './records-export';
<<<<<<< HEAD
export * from './office';
=======
export * from './contact-guard';
export * from './city-questions';
>>>>>>> 577d97e (Tell the city, central side: questions in the catalogue (versioned, translated, demo question for Fields Corner), CityQuestionAnswered event (card numbers and contact details refused in the text, optional contact for a reply), answers projected in both stores, office routes to publish a question and read answers)
